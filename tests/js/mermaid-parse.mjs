// Mermaid's own parser, under Node: reads each file named on the command line and prints one
// JSON line per file: {"file", "ok", "type", "nodes", "edges"} or {"file", "ok": false, "error"}.
// "nodes" and "edges" are the label texts as a browser would show them (Mermaid's entity codes
// decoded as its renderer does), so a test can compare them with what was meant.
// Exit status 0 when every file parsed.
// Why jsdom: mermaid's module expects a DOM (DOMPurify, d3) even to parse; jsdom gives it one
// without a browser download.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

// Mermaid keeps entity codes (#quot;) in an internal form until it renders; this is its
// decodeEntities, then the browser's own reading of the HTML entity.
function shown(text) {
  const html = text.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
  const area = document.createElement("textarea");
  area.innerHTML = html;
  return area.value;
}

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  try {
    const result = await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const nodes = [...diagram.db.getVertices().values()].map((v) => shown(v.text));
    const edges = diagram.db.getEdges().map((e) => shown(e.text));
    console.log(JSON.stringify({ file, ok: true, type: result.diagramType, nodes, edges }));
  } catch (error) {
    failed += 1;
    console.log(JSON.stringify({ file, ok: false, error: String(error.message ?? error) }));
  }
}
process.exit(failed ? 1 : 0);
