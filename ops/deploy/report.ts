/** The step-by-step account of a deploy, printed as it happens and kept for the record. */
export interface StepRecord {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

export class DeployReport {
  readonly steps: StepRecord[] = [];
  constructor(private readonly print: (line: string) => void = (l) => console.log(l)) {}

  /** Runs one step; records and prints ✅ or ❌ with its detail, and rethrows a failure. */
  async step<T>(name: string, work: () => Promise<T> | T, describe: (result: T) => string = () => ''): Promise<T> {
    const started = performance.now();
    try {
      const result = await work();
      this.add(name, true, describe(result), started);
      return result;
    } catch (error) {
      this.add(name, false, error instanceof Error ? error.message : String(error), started);
      throw error;
    }
  }

  note(line: string): void {
    this.print(`   ${line}`);
  }

  private add(step: string, ok: boolean, detail: string, started: number) {
    const ms = Math.round(performance.now() - started);
    this.steps.push({ step, ok, detail, ms });
    this.print(`${ok ? '✅' : '❌'} ${step} (${ms} ms)${detail ? `: ${detail.split('\n').join('\n   ')}` : ''}`);
  }
}
