/** Where a command writes: stdout and stderr lines (tests capture them). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const consoleOutput: Output = { out: (l) => console.log(l), err: (l) => console.error(l) };
