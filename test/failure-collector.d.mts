export declare class FailureCollector {
  line(text: string): void;
  report(): string[];
}
