import { GraphStandIn } from '../test/helpers/graph-stand-in.ts';

/**
 * `node --import tsx bench/graph-stand-in-server.ts <users>`: serves the Graph stand-in with that many
 * users in its own process (so a benchmark measures the sync, not the stand-in) and prints the
 * settings that point the app at it as one JSON line. Stops on SIGTERM.
 */
const count = Number(process.argv[2] ?? 100_000);
const standIn = await new GraphStandIn().start();
standIn.users = standIn.generate(count);
process.stdout.write(`${JSON.stringify(standIn.env())}\n`);
process.on('SIGTERM', () => void standIn.stop().then(() => process.exit(0)));
