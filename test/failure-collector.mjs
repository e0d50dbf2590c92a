// Reads tap's TAP output line by line and keeps each failing test's full name and the first lines of its
// diagnostics; `report()` gives them as `# FAILED …` lines (nothing when all passed).
const DIAGNOSTIC_LINES = 12;

export class FailureCollector {
  #names = []; // the open subtests, by depth
  #failures = [];
  #current = null; // the failure whose YAML diagnostics may follow
  #inDiagnostics = false;

  line(text) {
    const subtest = /^(\s*)# Subtest: (.*)$/.exec(text);
    if (subtest) {
      this.#current = null;
      const depth = subtest[1].length / 4;
      this.#names.length = depth;
      this.#names[depth] = subtest[2];
      return;
    }
    const result = /^(\s*)(not ok|ok) \d+ - (.*?)(?: # time=.*)?$/.exec(text);
    if (result) {
      const depth = result[1].length / 4;
      this.#current = null;
      if (result[2] === 'not ok' && !/# (TODO|SKIP)/i.test(result[3])) {
        const leaf = { name: [...this.#names.slice(0, depth), result[3]].join(' › '), details: [] };
        // A failing subtest is reported after its failing assertions; keep only the innermost.
        const inner = this.#failures.some((f) => f.name.startsWith(`${leaf.name} › `));
        if (!inner) this.#failures.push(leaf);
        this.#current = leaf;
        this.#inDiagnostics = false;
      }
      this.#names.length = depth;
      return;
    }
    if (!this.#current) return;
    const marker = text.trim();
    if (marker === '---' && !this.#inDiagnostics) this.#inDiagnostics = true;
    else if (marker === '...' || !this.#inDiagnostics) this.#current = null;
    else if (marker && this.#current.details.length < DIAGNOSTIC_LINES) this.#current.details.push(marker);
  }

  report() {
    return this.#failures.flatMap((f) => [`# FAILED ${f.name}`, ...f.details.map((d) => `#     ${d}`)]);
  }
}
