-- Training Forms: the staging database and its least-privilege users (MariaDB 10.6+).
-- The application user gets data rights only; the migration user also gets schema rights and what
-- `mariadb-dump --single-transaction` needs for backups. Nobody gets GRANT ALL.
-- Run as an administrator, passing the two passwords as session variables (never in a file):
--   mariadb -u root -p --init-command="SET @app_password='…', @migrator_password='…'" < ops/sql/setup_mariadb_staging.sql
-- Optional overrides (the tests use them): @db_name, @app_user, @migrator_user, @user_host.
-- Safe to run again: existing data is kept; passwords and grants are applied anew.
SET @db_name       = COALESCE(@db_name, 'training_tool_staging');
SET @app_user      = COALESCE(@app_user, 'training_app_staging');
SET @migrator_user = COALESCE(@migrator_user, 'training_migrator_staging');
SET @user_host     = COALESCE(@user_host, '%');
DELIMITER //
BEGIN NOT ATOMIC
  IF @app_password IS NULL OR LENGTH(@app_password) < 16 OR @migrator_password IS NULL OR LENGTH(@migrator_password) < 16 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'Set @app_password and @migrator_password (16+ characters each) before running this script';
  END IF;
  IF @db_name NOT REGEXP '^[A-Za-z0-9_]+$' OR @app_user NOT REGEXP '^[A-Za-z0-9_]+$' OR @migrator_user NOT REGEXP '^[A-Za-z0-9_]+$' THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'Database and user names may hold only letters, digits and _';
  END IF;

  EXECUTE IMMEDIATE CONCAT('CREATE DATABASE IF NOT EXISTS `', @db_name, '` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');

  EXECUTE IMMEDIATE CONCAT('CREATE USER IF NOT EXISTS ', QUOTE(@app_user), '@', QUOTE(@user_host), ' IDENTIFIED BY ', QUOTE(@app_password));
  EXECUTE IMMEDIATE CONCAT('ALTER USER ', QUOTE(@app_user), '@', QUOTE(@user_host), ' IDENTIFIED BY ', QUOTE(@app_password));
  EXECUTE IMMEDIATE CONCAT('GRANT SELECT, INSERT, UPDATE, DELETE ON `', @db_name, '`.* TO ', QUOTE(@app_user), '@', QUOTE(@user_host));

  EXECUTE IMMEDIATE CONCAT('CREATE USER IF NOT EXISTS ', QUOTE(@migrator_user), '@', QUOTE(@user_host), ' IDENTIFIED BY ', QUOTE(@migrator_password));
  EXECUTE IMMEDIATE CONCAT('ALTER USER ', QUOTE(@migrator_user), '@', QUOTE(@user_host), ' IDENTIFIED BY ', QUOTE(@migrator_password));
  EXECUTE IMMEDIATE CONCAT(
    'GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, LOCK TABLES, SHOW VIEW, TRIGGER, EVENT ON `',
    @db_name, '`.* TO ', QUOTE(@migrator_user), '@', QUOTE(@user_host));
  -- The deploy's rehearsal (npm run db -- rehearse) builds a structure-only copy in <db>_rehearsal
  -- and drops it again; `_` is escaped so the grant names that database alone.
  EXECUTE IMMEDIATE CONCAT(
    'GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES ON `',
    REPLACE(CONCAT(@db_name, '_rehearsal'), '_', '\\_'), '`.* TO ', QUOTE(@migrator_user), '@', QUOTE(@user_host));
END//
DELIMITER ;
SET @app_password = NULL, @migrator_password = NULL;
SELECT CONCAT('Database ', @db_name, ' ready: application user ', @app_user, ', migration user ', @migrator_user) AS result;
