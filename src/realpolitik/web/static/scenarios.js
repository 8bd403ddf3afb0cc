// Scenario explorer: pick or upload a scenario, edit its keys, run it, plot the result.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { scenario: null, yaml: null, defaults: {}, run: null, timer: null, asked: 0 };
const KIND_COLOURS = { security_dilemma_war: "#9467bd", deterrence_failure: "#d62728",
                       justified_preemption: "#2ca02c" };

function control(p) {
  const id = "key-" + p.key;
  const value = Array.isArray(p.value) ? "" : p.value;
  if (p.kind === "bool") return el("input", { id, type: "checkbox", checked: value === true, "data-key": p.key });
  if (p.kind === "choice") {
    return el("select", { id, "data-key": p.key },
      p.choices.map((c) => el("option", { value: c, selected: c === value }, c)));
  }
  return el("input", { id, type: "number", "data-key": p.key, value: value === null ? "" : value,
                       min: p.lo, max: p.hi, step: p.kind === "int" ? 1 : "any",
                       placeholder: Array.isArray(p.value) ? "per state: " + p.value.map(fmt).join(", ") : "" });
}

function readControl(input) {
  if (input.type === "checkbox") return input.checked;
  if (input.tagName === "SELECT") return input.value;
  if (input.value === "") return null;
  return Number(input.value);
}

function drawParameters(info) {
  state.defaults = {};
  const showOff = $("show-off").checked;
  const rows = info.parameters.map((p) => {
    const input = control(p);
    state.defaults[p.key] = readControl(input);
    const status = p.on ? el("span", { class: "badge" }, p.mechanism)
      : el("span", { class: "badge off", title: `off: ${p.switch} is off in this scenario` }, `${p.mechanism}: off (${p.switch})`);
    return el("tr", { class: p.on ? null : "off", hidden: !p.on && !showOff },
      el("td", {}, el("label", { for: input.id }, p.key), el("div", { class: "small muted" }, p.doc)),
      el("td", {}, input), el("td", { class: "small" }, p.range), el("td", {}, status));
  });
  $("params").replaceChildren(el("thead", {}, el("tr", {}, ["key", "value", "allowed", "mechanism"].map((c) => el("th", {}, c)))),
                              el("tbody", {}, rows));
}

function showScenario(info) {
  state.scenario = info;
  $("scenario-description").textContent = `${info.title}. ${info.states.length} states (${info.states.join(", ")}); ` +
    `${info.runs.toLocaleString("en-US")} runs of ${info.years} years by default.`;
  $("runs").value = Math.min(info.runs, 1000);
  $("years").value = info.years;
  $("seed").value = info.seed;
  drawParameters(info);
}

function overrides() {
  const out = {};
  for (const input of document.querySelectorAll("#params [data-key]")) {
    const key = input.dataset.key, value = readControl(input);
    if (value !== null && value !== state.defaults[key]) out[key] = value;
  }
  return out;
}

async function pickBundled() {
  showError($("error"));
  state.yaml = null;
  $("upload").value = "";
  const asked = ++state.asked;  // a later choice wins over an earlier answer still on its way
  try {
    const info = await api("/api/scenarios/" + encodeURIComponent($("scenario-select").value));
    if (asked === state.asked) showScenario(info);
  } catch (e) { showError($("error"), e); }
}

async function upload() {
  showError($("error"));
  const file = $("upload").files[0];
  if (!file) return pickBundled();
  try {
    const text = await file.text();
    const asked = ++state.asked;
    const info = await api("/api/scenarios/validate", { method: "POST", body: { yaml: text } });
    if (asked !== state.asked) return;
    state.yaml = text;
    showScenario(info);
  } catch (e) { showError($("error"), e); }
}

function numberOrNull(id) { const v = $(id).value; return v === "" ? null : Number(v); }

async function startRun() {
  showError($("error"));
  const body = { overrides: overrides(), runs: numberOrNull("runs"), years: numberOrNull("years"), seed: numberOrNull("seed") };
  if (state.yaml !== null) body.yaml = state.yaml; else body.scenario = $("scenario-select").value;
  try {
    state.run = await api("/api/runs", { method: "POST", body });
    state.shown = false;
    state.previewed = false;
    $("run-button").disabled = true;
    $("cancel-button").disabled = false;
    $("results").hidden = true;
    $("downloads").replaceChildren();
    poll();
  } catch (e) { showError($("error"), e); }
}

async function poll() {
  const run = state.run;
  if (!run) return;
  try {
    const s = await api("/api/runs/" + run.id);
    $("progress").value = s.progress;
    $("run-status").textContent = `${s.label}: ${s.state}, ${s.done_runs.toLocaleString("en-US")} of ${s.total_runs.toLocaleString("en-US")} runs`;
    if (s.preview_ready && !s.result_ready && !state.previewed) {
      state.previewed = true;
      showResult(await api(`/api/runs/${run.id}/preview`));
    }
    if (s.result_ready && !state.shown) { state.shown = true; showResult(await api(`/api/runs/${run.id}/result`)); }
    if (s.report_ready) showDownloads(run.id);
    const finished = ["done", "cancelled", "failed"].includes(s.state);
    if (s.state === "failed") showError($("error"), new Error("the run failed: " + s.error));
    if (finished) { $("run-button").disabled = false; $("cancel-button").disabled = true; if (s.state === "done") showDownloads(run.id); return; }
  } catch (e) { showError($("error"), e); $("run-button").disabled = false; return; }
  state.timer = setTimeout(poll, 150);
}

async function cancelRun() {
  if (!state.run) return;
  try { await api("/api/runs/" + state.run.id, { method: "DELETE" }); } catch (e) { showError($("error"), e); }
}

function showDownloads(id) {
  if ($("downloads").childElementCount) return;
  $("downloads").replaceChildren(...["report.html", "summary.csv", "summary.json", "result.json"].map((name) =>
    el("a", { href: `/api/runs/${id}/files/${name}`, download: name }, "download " + name)));
}

function showResult(r) {
  $("results").hidden = false;
  $("result-label").textContent = r.preview
    ? `preview from a quick run of ${r.runs} runs (seed ${r.seed}); the full run follows`
    : `${r.label}, seed ${r.seed}`;
  $("results").classList.toggle("preview", Boolean(r.preview));
  const xs = r.years, layers = [], legend = [];
  let top = 0;
  r.bands.forEach((b, i) => {
    const colour = PALETTE[i % PALETTE.length];
    layers.push({ type: "band", xs, lo: b.lo, hi: b.hi, colour });
    layers.push({ type: "line", xs, ys: b.median, colour, cls: "median" });
    legend.push([r.states[i], colour]);
    top = Math.max(top, ...finite(b.hi));
  });
  chart($("plot-military"), { title: `Military: median and 10-90% band (${r.band_runs.toLocaleString("en-US")} runs)`,
    xlabel: "year", ylabel: "military (GDP units)", x: [xs[0], xs[xs.length - 1]], y: [0, top * 1.05 || 1], layers, legend });
  const rects = r.war_counts.map((c, i) => [xs[i] - 0.45, xs[i] + 0.45, 0, c, "#d62728"]);
  const wars = r.war_counts.reduce((a, b) => a + b, 0);
  chart($("plot-wars"), { title: `Wars by year (${wars.toLocaleString("en-US")} wars)`, xlabel: "year", ylabel: "wars",
    x: [xs[0] - 0.5, xs[xs.length - 1] + 0.5], y: [0, Math.max(1, ...r.war_counts) * 1.1], layers: [{ type: "rect", rects }] });
  chart($("plot-survival"), { title: "Share of runs still without a war", xlabel: "year", ylabel: "P(no war yet)",
    x: [xs[0], xs[xs.length - 1]], y: [0, 1.02], layers: [{ type: "line", xs, ys: r.no_war_yet, colour: "#1f77b4" }] });
  const rows = r.shares.map((s) => {
    const kind = s.metric.replace(/^share_/, "");
    return { label: kind.replaceAll("_", " "), value: s.value, lo: s.lo, hi: s.hi, colour: KIND_COLOURS[kind] || "#ff7f0e" };
  });
  barChart($("plot-shares"), rows, `What kind of wars? (share of ${wars.toLocaleString("en-US")} wars, 95% intervals)`);
  $("summary").replaceChildren(table(["metric", "value", "95% interval", "n", "what it means"],
    r.summary.map((s) => [s.metric, s.value, s.lo === null ? "-" : `[${fmt(s.lo)}, ${fmt(s.hi)}]`, s.n, s.description])));
}

async function init() {
  try {
    const list = await api("/api/scenarios");
    $("scenario-select").replaceChildren(...list.map((s) => el("option", { value: s.name }, `${s.name}: ${s.title}`)));
    await pickBundled();
  } catch (e) { showError($("error"), e); }
  $("scenario-select").addEventListener("change", pickBundled);
  $("upload").addEventListener("change", upload);
  $("run-button").addEventListener("click", startRun);
  $("cancel-button").addEventListener("click", cancelRun);
  $("reset-button").addEventListener("click", () => state.scenario && drawParameters(state.scenario));
  $("show-off").addEventListener("change", () => {
    for (const row of document.querySelectorAll("#params tr.off")) row.hidden = !$("show-off").checked;
  });
}

init();
