// embed.html: one widget, its record and kind from the address
// (#/explain?r=<record>&k=<kind>, as the app's Explain links), and the
// link kept up to date when the reader edits the record.
import "./dmarc-lens-widget.js";

function params() {
  const hash = location.hash.replace(/^#/, "");
  const query = hash.includes("?") ? hash.slice(hash.indexOf("?") + 1) : "";
  const out = new Map();
  for (const pair of query.split("&")) {
    const at = pair.indexOf("=");
    if (at < 0) continue;
    try {
      out.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)));
    } catch {
      out.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  return out;
}

function show() {
  const element = document.getElementById("record");
  const p = params();
  element.setAttribute("record", p.get("r") ?? "");
  if (p.get("k")) element.setAttribute("kind", p.get("k"));
  else element.removeAttribute("kind");
  if (p.get("theme")) element.setAttribute("theme", p.get("theme"));
}

addEventListener("hashchange", show);
show();
