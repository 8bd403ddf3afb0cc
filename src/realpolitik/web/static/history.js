// History page: pick a historical case; draw each observed series under the model's simulated
// 5-95% band (the first out-of-sample year marked), the outcomes with 95% intervals, and the
// scores, estimates and findings (one shape for every case: GET /api/history/{name}).
"use strict";

const $ = (id) => document.getElementById(id);
const BAND = "#1f77b4";

function values(s) {
  return finite([...s.observed, ...s.low, ...s.high, ...s.median]);
}

/** One series: observed (black), the simulated band and median (blue), the split (grey). */
function drawSeries(box, s, c) {
  const ys = values(s);
  const lo = Math.min(...ys), hi = Math.max(...ys), pad = (hi - lo || Math.abs(hi) || 1) * 0.06;
  const x0 = s.years[0], x1 = s.years[s.years.length - 1];
  const layers = [];
  if (s.low.length) layers.push({ type: "band", xs: s.years, lo: s.low, hi: s.high, colour: BAND, opacity: 0.22 });
  if (s.median.length) layers.push({ type: "line", xs: s.years, ys: s.median, colour: BAND, dash: "5 3", width: 1.4 });
  layers.push({ type: "line", xs: s.years, ys: s.observed, colour: "#000", width: 2, cls: "observed" });
  if (c.split !== null && c.split >= x0 && c.split <= x1) {
    layers.push({ type: "vline", at: c.split, colour: "#777", dash: "4 3", width: 1.2 });
    layers.push({ type: "text", x: c.split, y: hi + pad * 0.2, text: " out of sample", anchor: "start" });
  }
  const svg = chart(box, { title: s.label, xlabel: "year", ylabel: c.units, x: [x0, x1 === x0 ? x0 + 1 : x1],
                           y: [lo - pad, hi + pad], width: 520, height: 300, xfmt: String, layers });
  svg.setAttribute("aria-label", `${s.label}: observed and simulated, ${c.units}`);
  return svg;
}

/** The key the charts share: a swatch and a label per element drawn. */
function drawKey(c) {
  const swatch = (style) => el("span", { style: `display: inline-block; width: 1.6em; margin: 0 0.3em 0 1em; vertical-align: middle; ${style}` });
  const items = [[swatch("border-top: 2px solid #000"), "observed"]];
  if (c.series.some((s) => s.low.length)) items.push([swatch(`height: 0.8em; background: ${BAND}; opacity: 0.3`), "simulated 5-95% band"]);
  if (c.series.some((s) => s.median.length)) items.push([swatch(`border-top: 2px dashed ${BAND}`), "simulated median"]);
  if (c.split !== null) items.push([swatch("border-top: 2px dashed #777"), `first out-of-sample year (${c.split})`]);
  $("series-key").replaceChildren(...(c.series.length ? items.flat() : []));
}

function drawCharts(c) {
  drawKey(c);
  const boxes = c.series.map((s, i) => {
    const box = el("div", { class: "series-chart", id: `series-${i}` });
    drawSeries(box, s, c);
    return box;
  });
  $("series-charts").replaceChildren(...boxes);
}

function drawOutcomes(c) {
  $("outcomes-block").hidden = !c.outcomes.length;
  if (!c.outcomes.length) return;
  const rows = c.outcomes.map((o, i) => ({ label: o.name, value: o.probability, lo: o.low, hi: o.high,
                                           colour: PALETTE[i % PALETTE.length] }));
  barChart($("outcomes-figure"), rows, "Simulated outcomes, 95% intervals").setAttribute("id", "outcomes-chart");
  $("outcomes").replaceChildren(table(["outcome", "probability", "95% interval", "runs", "note"],
    c.outcomes.map((o) => [o.name, o.probability, `[${fmt(o.low)}, ${fmt(o.high)}]`, o.runs, o.note || ""])));
}

function drawScores(c) {
  $("scores-block").hidden = !c.scores.length;
  $("score-label").textContent = c.score_label ? `(${c.score_label}; lower is better)` : "(lower is better)";
  const better = c.scores.filter((s) => s.model_better).length;
  const rows = c.scores.map((s) => [s.label, s.model, s.naive, s.model_better ? "model" : "naive"]);
  $("scores").replaceChildren(
    el("p", { class: "small" }, `The model beats the naive baseline on ${better} of ${c.scores.length} rows.`),
    table(["series", "model", "naive", "better"], rows));
  $("scores").querySelectorAll("tbody tr").forEach((tr, i) => {
    if (!c.scores[i].model_better) tr.classList.add("off");
  });
}

function drawEstimates(c) {
  $("estimates-block").hidden = !c.estimates.length;
  $("estimates").replaceChildren(table(["parameter", "value", "SE", "units", "note"],
    c.estimates.map((e) => [e.name, e.value, e.se, e.units, e.note || ""])));
}

function showCase(c) {
  $("case-title").textContent = c.title;
  const parts = [`case ${c.name}`];
  if (c.units) parts.push(`units: ${c.units}`);
  if (c.fit_years) parts.push(`fitted on ${c.fit_years}`);
  parts.push(c.split !== null ? `out of sample from ${c.split}` : "not scored out of sample");
  parts.push(`the command line: realpolitik history ${c.name}`);
  $("case-setup").textContent = parts.join("; ");
  $("case-run").hidden = !c.scenario;
  $("case-command").textContent = c.scenario ? `realpolitik run ${c.scenario}` : "";
  drawCharts(c);
  drawOutcomes(c);
  drawScores(c);
  drawEstimates(c);
  $("findings").replaceChildren(...c.findings.map((f) => el("li", {}, f)));
  $("case-sources").textContent = c.sources.length ? `sources: ${c.sources.join(", ")}` : "";
  $("case").hidden = false;
}

async function openCase(name) {
  showError($("error"), null);
  $("case-hint").textContent = "computing the case...";
  try {
    const c = await api(`/api/history/${encodeURIComponent(name)}`);
    $("case-hint").textContent = "";
    showCase(c);
    if (location.hash.slice(1) !== name) history.replaceState(null, "", `#${encodeURIComponent(name)}`);
  } catch (error) {
    $("case-hint").textContent = "";
    $("case").hidden = true;
    showError($("error"), error);
  }
}

async function init() {
  try {
    $("case-hint").textContent = "reading the cases...";
    const cases = await api("/api/history");
    $("case-select").replaceChildren(...cases.map((c) => el("option", { value: c.name }, `${c.name}: ${c.title}`)));
    $("case-select").disabled = !cases.length;
    $("case-select").addEventListener("change", () => openCase($("case-select").value));
    $("case-hint").textContent = cases.length ? "" : "this installation has no historical case";
    const wanted = decodeURIComponent(location.hash.slice(1));
    const first = cases.some((c) => c.name === wanted) ? wanted : cases.length ? cases[0].name : null;
    if (first !== null) {
      $("case-select").value = first;
      await openCase(first);
    }
  } catch (error) {
    $("case-hint").textContent = "";
    showError($("error"), error);
  }
}

init();
