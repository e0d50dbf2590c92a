import type { Config } from "../src/app/config.ts"; import type { DbArgs } from "./db-commands.ts"; import type { Output } from "./db-output.ts";
export async function revision(_c: Config, _a: DbArgs, o: Output): Promise<number> { o.err("todo"); return 1; }
