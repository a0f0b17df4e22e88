// flowdsl viewer: draws data.mermaid with the inlined mermaid bundle, then pan (drag) and zoom
// (wheel, +/-, 0 or the buttons). Text from the data goes in with textContent only.
"use strict";
const flowdsl = (window.flowdsl = { ready: false, error: null, data: null, view: { x: 0, y: 0, k: 1 } });
flowdsl.data = JSON.parse(document.getElementById("flowdsl-data").textContent);
document.getElementById("title").textContent = flowdsl.data.title;

function applyView() {
  const v = flowdsl.view;
  document.getElementById("canvas").style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.k})`;
}

function zoomAt(factor, cx, cy) {
  const v = flowdsl.view;
  const k = Math.min(8, Math.max(0.1, v.k * factor));
  v.x = cx - ((cx - v.x) * k) / v.k;
  v.y = cy - ((cy - v.y) * k) / v.k;
  v.k = k;
  applyView();
}

function fit() {
  const viewport = document.getElementById("viewport");
  const svg = document.querySelector("#canvas svg");
  if (!svg) return;
  const box = svg.getBoundingClientRect();
  const width = box.width / flowdsl.view.k, height = box.height / flowdsl.view.k;
  // Whole diagram in view, but never so small that labels cannot be read: then pan.
  const across = (viewport.clientWidth - 16) / width, down = (viewport.clientHeight - 16) / height;
  const k = Math.min(1.2, across, Math.max(down, 0.75));
  flowdsl.view = { k, x: (viewport.clientWidth - width * k) / 2, y: 8 };
  applyView();
}

function panAndZoom() {
  const viewport = document.getElementById("viewport");
  let drag = null;
  viewport.addEventListener("wheel", (event) => {
    event.preventDefault();
    const box = viewport.getBoundingClientRect();
    zoomAt(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });
  viewport.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX - flowdsl.view.x, y: event.clientY - flowdsl.view.y, moved: false };
  });
  window.addEventListener("pointermove", (event) => {
    if (!drag) return;
    drag.moved = true;
    flowdsl.view.x = event.clientX - drag.x;
    flowdsl.view.y = event.clientY - drag.y;
    applyView();
  });
  window.addEventListener("pointerup", () => { drag = null; });
  const middle = () => [viewport.clientWidth / 2, viewport.clientHeight / 2];
  const actions = { in: () => zoomAt(1.25, ...middle()), out: () => zoomAt(0.8, ...middle()), fit };
  for (const button of document.querySelectorAll("[data-zoom]")) {
    button.addEventListener("click", () => actions[button.dataset.zoom]());
  }
  viewport.addEventListener("keydown", (event) => {
    const key = { "+": "in", "=": "in", "-": "out", "0": "fit" }[event.key];
    if (key) actions[key]();
  });
}

// The drawn element of every state: mermaid 11 ids nodes `<svg id>-flowchart-<node id>-<n>` and
// subgraphs `<svg id>-<subgraph id>`; data.nodes maps our node ids to state names.
const SVG_ID = "flowdsl-diagram";
function stateElements() {
  const found = [];
  for (const element of document.querySelectorAll("#canvas g.node, #canvas g.cluster")) {
    const node = /^flowdsl-diagram-flowchart-(.+)-\d+$/.exec(element.id);
    const cluster = element.classList.contains("cluster") && element.id.startsWith(SVG_ID + "-");
    const id = cluster ? element.id.slice(SVG_ID.length + 1) : node && node[1];
    if (id && Object.hasOwn(flowdsl.data.nodes, id)) found.push({ id, name: flowdsl.data.nodes[id], element });
  }
  return found;
}

async function draw() {
  // Mermaid refuses texts over 50 000 characters and 500 edges by default; a big workflow is
  // still one page here, so the limits are lifted (the text is ours, not a stranger's).
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    maxTextSize: 10000000,
    maxEdges: 100000,
    flowchart: { useMaxWidth: false },
  });
  try {
    const { svg } = await mermaid.render(SVG_ID, flowdsl.data.mermaid);
    document.getElementById("canvas").innerHTML = svg; // mermaid's own SVG, labels sanitised
    panAndZoom();
    fit();
    flowdsl.states = stateElements();
  } catch (error) {
    flowdsl.error = String(error && error.message ? error.message : error);
    const shown = document.getElementById("diagram-error");
    shown.hidden = false;
    shown.textContent = "The diagram could not be drawn: " + flowdsl.error;
    console.error(flowdsl.error);
  }
}

flowdsl.drawn = draw();
if (flowdsl.data.kind === "diagram") flowdsl.drawn.then(() => { flowdsl.ready = true; });
