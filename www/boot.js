// Loads the app's wasm. An external module (not Trunk's inline loader), so
// the page's Content-Security-Policy can forbid inline scripts.
import init from "./dmarc-lens-www.js";

init().catch((error) => {
  const loading = document.getElementById("loading");
  if (loading) {
    loading.textContent =
      "dmarc-lens could not start: this browser refused to run its WebAssembly (" +
      String(error) + ").";
  }
});
