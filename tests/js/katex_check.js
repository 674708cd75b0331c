// Renders math with KaTeX, throwOnError: true.
// stdin: a JSON list of {"where": "...", "tex": "...", "display": true|false}
// stdout: a JSON list of {"where", "tex", "error"} for every block KaTeX rejects ([] when all render).
"use strict";
const katex = require("katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const failures = [];
  for (const block of JSON.parse(input)) {
    try {
      katex.renderToString(block.tex, { throwOnError: true, displayMode: block.display, strict: "error" });
    } catch (err) {
      failures.push({ where: block.where, tex: block.tex, error: String(err.message || err) });
    }
  }
  process.stdout.write(JSON.stringify(failures) + "\n");
});
