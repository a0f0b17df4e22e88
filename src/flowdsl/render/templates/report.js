// flowdsl run report: summary, timeline and per-state details, from flowdsl.data (see report.py).
// Every text goes in with textContent or as an SVG text node: nothing from the data is HTML.
const run = flowdsl.data;
const SVG_NS = "http://www.w3.org/2000/svg";

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  node.append(...children);
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function json(value) {
  return value === undefined ? "" : JSON.stringify(value, null, 2);
}

function seconds(value) {
  if (value === null || value === undefined) return "-";
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 120) return `${+value.toFixed(3)} s`;
  if (value < 7200) return `${+(value / 60).toFixed(1)} min`;
  if (value < 172800) return `${+(value / 3600).toFixed(1)} h`;
  return `${+(value / 86400).toFixed(1)} d`;
}

function summary() {
  const info = run.execution;
  const status = document.getElementById("status");
  status.textContent = info.status;
  status.classList.add(info.status);
  document.getElementById("run-name").textContent = info.name || "";
  const facts = document.getElementById("facts");
  const rows = [["Status", info.status], ["Execution", info.id], ["Started", info.started],
    ["Duration", seconds(info.duration) + " (run clock)"], ["Events", String(info.events)]];
  if (info.status !== "SUCCEEDED") rows.push(["Error", String(info.error)], ["Cause", String(info.cause)]);
  for (const [name, value] of rows) facts.append(el("dt", { textContent: name }), el("dd", { textContent: value }));
  document.getElementById("run-input").textContent = json(info.input);
  document.getElementById("run-output").textContent = info.status === "SUCCEEDED" ? json(info.output) : "(none)";
}

// x positions: time on the run's clock plus a small step per history event, so states that took
// no time (a mocked task, a Choice) still get a readable bar in the order they ran.
function scale(width) {
  const total = Math.max(...run.times, 0);
  const count = Math.max(run.times.length, 1);
  // With no time passing at all (every state instant) the event steps get the whole width.
  const step = Math.min(60, ((total > 0 ? 0.45 : 0.95) * width) / count);
  const perSecond = total > 0 ? (width - step * count) / total : 0;
  return (eventId) => step * (eventId - 1) + perSecond * run.times[Math.max(0, eventId - 1)];
}

function timeline() {
  const box = document.getElementById("timeline");
  const labelWidth = 260, row = 26, top = 28;
  const width = Math.max(700, box.clientWidth - labelWidth - 24);
  const x = scale(width);
  const height = top + row * run.lanes.length + 8;
  const chart = svg("svg", { width: labelWidth + width + 16, height, role: "img" });
  chart.append(svg("title", {}, "timeline of state entries, one row per branch or iteration"));
  run.lanes.forEach((lane, index) => {
    const y = top + row * index;
    chart.append(svg("line", { class: "grid", x1: 0, x2: labelWidth + width, y1: y + row, y2: y + row }));
    chart.append(svg("text", { class: "lane-label", x: 6 + 12 * lane.depth, y: y + 17 }, lane.label));
  });
  // A tick where the clock moves on; times repeat out of order across branches and iterations.
  let lastTick = -Infinity;
  const labelled = new Set();
  run.times.forEach((t, index) => {
    const at = labelWidth + x(index + 1);
    if (labelled.has(t) || at - lastTick < 70) return;
    labelled.add(t);
    lastTick = at;
    chart.append(svg("line", { class: "grid", x1: at, x2: at, y1: top - 6, y2: height }));
    chart.append(svg("text", { class: "tick", x: at + 2, y: top - 10 }, seconds(t)));
  });
  for (const entry of run.entries) chart.append(bar(entry, x, labelWidth, top + row * entry.lane + 4, row - 8));
  box.append(chart);
}

function bar(entry, x, left, y, height) {
  const first = entry.events.length ? entry.events[0].id : 1;
  const start = left + x(first), end = left + x(entry.last_event || first);
  const group = svg("g", { class: `bar ${entry.outcome}`, "data-entry": entry.id });
  group.append(svg("title", {}, `${entry.state}: ${entry.outcome}, ${seconds((entry.end ?? entry.start) - entry.start)}`));
  group.append(svg("rect", { class: "span", x: start, y, width: Math.max(6, end - start), height, rx: 3 }));
  if (end - start > 7 * entry.state.length + 10) {
    group.append(svg("text", { class: "bar-label", x: start + 5, y: y + height - 7 }, entry.state));
  }
  for (const attempt of entry.attempts) {
    if (attempt.from === null || attempt.to === null) continue;
    const from = left + x(attempt.from), to = left + x(attempt.to);
    group.append(svg("rect", { class: `attempt ${attempt.outcome}`, x: from, y: y + height - 5,
      width: Math.max(3, to - from), height: 4 }));
  }
  group.addEventListener("click", () => flowdsl.select(entry.id));
  return group;
}

function section(title, content) {
  return [el("h3", { textContent: title }), content];
}

function eventsTable(events) {
  const table = el("table", { className: "events" });
  table.append(el("tr", {}, el("th", { textContent: "#" }), el("th", { textContent: "time" }),
    el("th", { textContent: "event" })));
  for (const event of events) {
    const details = Object.keys(event.details).length ? el("pre", { textContent: json(event.details) }) : "";
    table.append(el("tr", {}, el("td", { textContent: String(event.id) }), el("td", { textContent: seconds(event.t) }),
      el("td", {}, el("div", { textContent: event.type }), details)));
  }
  return table;
}

function details(entry, siblings) {
  const box = document.getElementById("detail");
  box.replaceChildren();
  document.getElementById("detail-title").textContent = entry.state;
  if (siblings.length > 1) {
    const chooser = el("div", { className: "entries" });
    for (const other of siblings) {
      const label = `${run.lanes[other.lane].label === "execution" ? "" : run.lanes[other.lane].label + " "}#${other.id}`;
      const button = el("button", { type: "button", textContent: label.trim() });
      if (other === entry) button.classList.add("on");
      button.addEventListener("click", () => flowdsl.select(other.id));
      chooser.append(button);
    }
    box.append(chooser);
  }
  const facts = el("dl", { className: "facts" });
  const rows = [["Type", entry.type], ["Outcome", entry.outcome], ["Lane", run.lanes[entry.lane].label],
    ["Entered", seconds(entry.start)], ["Duration", seconds((entry.end ?? entry.start) - entry.start)]];
  if (entry.attempts.length > 1) rows.push(["Attempts", `${entry.attempts.length} (${entry.attempts.length - 1} retries)`]);
  if (entry.error !== null) rows.push(["Error", String(entry.error)], ["Cause", String(entry.cause)]);
  for (const [name, value] of rows) facts.append(el("dt", { textContent: name }), el("dd", { textContent: value }));
  box.append(facts);
  entry.attempts.forEach((attempt, index) => {
    if (attempt.outcome === "succeeded" && entry.attempts.length === 1) return;
    const line = `attempt ${index + 1}: ${attempt.outcome} at ${seconds(attempt.start)}, took ${seconds(attempt.end - attempt.start)}` +
      (attempt.error ? ` (${attempt.error}: ${attempt.cause})` : "");
    box.append(el("div", { className: "attempt-line", textContent: line }));
  });
  box.append(...section("Input", el("pre", { className: "input", textContent: json(entry.input) })));
  box.append(...section("Output", el("pre", { className: "output", textContent: entry.end === null || entry.outcome === "failed" ? "(none)" : json(entry.output) })));
  box.append(...section(`Events (${entry.events.length})`, eventsTable(entry.events)));
}

flowdsl.select = (entryId) => {
  const entry = run.entries[entryId];
  if (!entry) return;
  flowdsl.selected = entryId;
  details(entry, run.entries.filter((other) => other.state === entry.state));
  for (const node of document.querySelectorAll("#timeline .bar")) {
    node.classList.toggle("selected", Number(node.dataset.entry) === entryId);
  }
  for (const state of flowdsl.states || []) state.element.classList.toggle("selected", state.name === entry.state);
};

flowdsl.selectState = (name) => {
  const entry = run.entries.find((candidate) => candidate.state === name);
  if (entry) return flowdsl.select(entry.id);
  document.getElementById("detail-title").textContent = name;
  document.getElementById("detail").replaceChildren(el("p", { textContent: "Not entered in this execution." }));
};

summary();
timeline();
flowdsl.drawn.then(() => {
  for (const state of flowdsl.states || []) {
    state.element.addEventListener("click", (event) => {
      event.stopPropagation();
      flowdsl.selectState(state.name);
    });
  }
  // Open on where it went wrong (the first state that failed or timed out), else the first state.
  const first = run.entries.find((entry) => ["failed", "timed out"].includes(entry.outcome)) || run.entries[0];
  if (first) flowdsl.select(first.id);
  flowdsl.ready = true;
});
