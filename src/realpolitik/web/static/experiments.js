// Experiments page: pick a results store from the server's --stores folder; show its cells with
// 95% intervals, the effects of the interventions against the baseline, and a figure of each.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { store: null, effects: [] };

function interval(row, metric) {
  const v = row[metric], lo = row[metric + "_lo"], hi = row[metric + "_hi"];
  if (v === null || v === undefined) return "-";
  return `${fmt(v)} [${fmt(lo)}, ${fmt(hi)}]`;
}

function pointLabel(row, factors) {
  return factors.map((f) => `${f}=${fmt(row[f])}`).join(", ");
}

function cellLabel(row, factors) {
  const point = pointLabel(row, factors);
  return point ? `${row.intervention} (${point})` : row.intervention;
}

function drawCells() {
  const s = state.store, metric = $("metric-select").value;
  const metrics = s.metrics.map((m) => m.key);
  const head = ["cell", "intervention", ...s.factors, "runs", ...metrics];
  const rows = s.cells.map((r) => [r.cell, r.intervention, ...s.factors.map((f) => r[f]), r.runs,
                                   ...metrics.map((m) => interval(r, m))]);
  $("cells").replaceChildren(table(head, rows));
  drawFigure(s, metric);
}

/** Points with 95% intervals, one row each (rows: {value, lo, hi, colour}), and a line at 0. */
function forest(box, rows, spec) {
  const lo = Math.min(0, ...rows.map((r) => r.lo ?? r.value ?? 0));
  const hi = Math.max(0, ...rows.map((r) => r.hi ?? r.value ?? 0));
  const pad = (hi - lo || 1) * 0.05;
  const layers = [{ type: "vline", at: 0, colour: "#999", dash: "4 3" }];
  rows.forEach((r, i) => {
    if (r.lo !== null && r.hi !== null) layers.push({ type: "line", xs: [r.lo, r.hi], ys: [i + 1, i + 1], colour: r.colour, width: 2 });
    if (r.value !== null) layers.push({ type: "point", x: r.value, y: i + 1, r: 4, colour: r.colour });
  });
  return chart(box, { ...spec, ylabel: "row of the table", x: [lo - pad, hi + pad], y: [0, rows.length + 1],
                      height: Math.max(220, 40 + 16 * rows.length), layers });
}

function colourOf(s, intervention) { return PALETTE[s.interventions.indexOf(intervention) % PALETTE.length]; }

/** Each cell's value of the metric with its 95% interval: bars for shares, points otherwise. */
function drawFigure(s, metric) {
  const info = s.metrics.find((m) => m.key === metric);
  const rows = s.cells.map((r) => ({ label: cellLabel(r, s.factors), value: r[metric], lo: r[metric + "_lo"],
                                     hi: r[metric + "_hi"], colour: colourOf(s, r.intervention) }));
  const title = `${metric} per cell, 95% intervals`;
  const svg = info && info.kind === "share" ? barChart($("figure"), rows, title)
    : forest($("figure"), rows, { title, xlabel: info ? info.description : metric,
                                  legend: s.interventions.map((n) => [n, colourOf(s, n)]) });
  svg.setAttribute("id", "cells-figure");
  svg.setAttribute("aria-label", title);
  drawEffectsFigure(s, metric);
}

/** The effects on the metric: a point and its interval per intervention and design point. */
function drawEffectsFigure(s, metric) {
  const rows = state.effects.filter((e) => e.metric === metric)
    .map((e) => ({ value: e.effect, lo: e.lo, hi: e.hi, colour: colourOf(s, e.intervention) }));
  if (!rows.length) { $("effects-figure").replaceChildren(); return; }
  const names = s.interventions.filter((n) => n !== "baseline");
  forest($("effects-figure"), rows, { title: `Effect on ${metric} against the baseline, 95% intervals`,
    xlabel: "intervention minus baseline (rows of the effects table for this metric)",
    legend: names.map((n) => [n, colourOf(s, n)]) });
}

function drawEffects() {
  const s = state.store;
  const rows = state.effects.map((e) => [pointLabel(e, s.factors) || "-", e.intervention, e.metric, e.baseline, e.value,
    `${fmt(e.effect)}${e.significant ? " *" : ""}`, `[${fmt(e.lo)}, ${fmt(e.hi)}]`]);
  $("effects").replaceChildren(rows.length
    ? table(["design point", "intervention", "metric", "baseline", "value", "effect", "95% interval"], rows)
    : el("p", { class: "muted small" }, "no effects: the store has no baseline cell or no other intervention"));
}

async function openStore(name) {
  showError($("error"), null);
  $("store-hint").textContent = "reading the store...";
  try {
    const [store, eff] = await Promise.all([api(`/api/experiments/${encodeURIComponent(name)}`),
                                            api(`/api/experiments/${encodeURIComponent(name)}/effects`)]);
    state.store = store; state.effects = eff;
    const keep = $("metric-select").value;
    $("metric-select").replaceChildren(...store.metrics.map((m) => el("option", { value: m.key, title: m.description }, m.key)));
    $("metric-select").value = store.metrics.some((m) => m.key === keep) ? keep : "p_any_war";
    $("experiment-title").textContent = store.title || store.experiment;
    $("experiment-description").textContent = store.description || "";
    const design = store.design ? `${store.design.kind} over ${store.factors.join(", ")}` : "one point";
    $("experiment-setup").textContent = `experiment ${store.experiment}; scenario ${store.scenario}; ` +
      `${fmt(store.runs)} runs x ${fmt(store.years)} years per cell; seed ${store.seed}; design: ${design}; ` +
      `${fmt(store.chunks_done)} of ${fmt(store.chunks)} chunks finished (${fmt(store.finished_runs)} runs)`;
    $("store-hint").textContent = store.chunks_done < store.chunks
      ? "the sweep is not finished: the tables cover the finished chunks" : "";
    $("experiment").hidden = false;
    drawCells();
    drawEffects();
  } catch (error) {
    $("store-hint").textContent = "";
    showError($("error"), error);
  }
}

async function init() {
  try {
    const listing = await api("/api/experiments");
    $("store-hint").textContent = listing.hint;
    $("store-select").replaceChildren(...listing.stores.map((n) => el("option", { value: n }, n)));
    $("store-select").disabled = !listing.stores.length;
    $("store-select").addEventListener("change", () => openStore($("store-select").value));
    $("metric-select").addEventListener("change", () => { if (state.store) drawFigure(state.store, $("metric-select").value); });
    if (listing.stores.length) await openStore(listing.stores[0]);
  } catch (error) {
    showError($("error"), error);
  }
}

init();
