// Theory explorer: sliders on each model's declared inputs; every move asks the API and redraws.
"use strict";

const $ = (id) => document.getElementById(id);
const GAME_COLOURS = { harmony: "#a6dba0", stag_hunt: "#fee08b", chicken: "#c2a5cf",
                       prisoners_dilemma: "#f46d43", deadlock: "#a50026", degenerate: "#d9d9d9" };

// Slider ranges for inputs whose declared range is unbounded, and starting values for inputs
// that are off unless given (Jervis's one game).
const SLIDERS = {
  offense_defense: { beta: [0, 1, 0.01, 0.7], d: [0, 1, 0.01, 0.3], c: [0.1, 4, 0.1], g: [0.1, 6, 0.1], L: [0.1, 8, 0.1] },
  richardson: { k: [0, 2, 0.05], l: [0, 2, 0.05], a: [0, 2, 0.05], b: [0, 2, 0.05], g: [-5, 5, 0.1], h: [-5, 5, 0.1],
                x0: [0, 30, 0.5], y0: [0, 30, 0.5] },
  spiral: { mu0: [0, 1, 0.01], a_S: [0, 0.99, 0.01], a_G: [0.01, 1, 0.01], eps: [0, 0.5, 0.01], c: [0, 2, 0.05],
            t_S: [0, 1, 0.01] },
  bargaining: { p: [0, 1, 0.01], c_A: [0, 0.5, 0.01], c_B: [0, 0.5, 0.01], h_A: [0, 0.5, 0.01], h_B: [0, 0.5, 0.01] },
  deterrence: { cep: [0.01, 0.5, 0.01], lethal_radius: [0.01, 0.5, 0.01], r: [0, 3, 1], lam: [0, 1, 0.01],
                q_bar: [0, 1, 0.01], silos: [0, 2000, 10, 500], mirv: [1, 20, 1, 4], ssbn: [0, 2000, 10, 500] },
};

const models = {};   // model -> {values, busy, again}

function sliderRow(model, input, spec) {
  const [lo, hi, step, start] = spec;
  const value = start !== undefined ? start : input.default;
  const id = `${model}-${input.name}`;
  const out = el("output", { for: id }, fmt(value));
  const slider = el("input", { id, type: "range", min: lo, max: hi, step, value, "data-input": input.name,
                               title: `${input.help}${input.units ? " (" + input.units + ")" : ""}; allowed: ${input.allowed}` });
  slider.addEventListener("input", () => {
    out.textContent = fmt(Number(slider.value));
    models[model].values[input.name] = Number(slider.value);
    update(model);
  });
  models[model].values[input.name] = Number(value);
  return el("div", { class: "slider" }, el("label", { for: id, title: input.help }, input.name + (input.units ? ` (${input.units})` : "")), slider, out);
}

async function update(model) {
  const m = models[model];
  if (m.busy) { m.again = true; return; }
  m.busy = true;
  const started = performance.now();
  try {
    const query = new URLSearchParams(Object.entries(m.values).map(([k, v]) => [k, String(v)]));
    const result = await api(`/api/theory/${model}?${query}`);
    DRAW[model](result);
    await new Promise(requestAnimationFrame);  // drawn on screen
    showError($("error"));
    document.body.dataset[`${model}Ms`] = (performance.now() - started).toFixed(1);
  } catch (e) { showError($("error"), e); }
  m.busy = false;
  if (m.again) { m.again = false; update(model); }
}

function tables(box, result, skip = 0) {
  box.replaceChildren(...result.tables.slice(0, skip ? skip : undefined).map((t) =>
    el("div", {}, el("h3", { class: "small" }, t.title), table(t.columns, t.rows))));
}

const DRAW = {
  offense_defense(r) {
    const g = r.data.game, p = r.plot;
    $("jervis-type").textContent = g.game_type.replaceAll("_", " ");
    $("jervis-world").textContent = g.world.replaceAll("_", " ");
    $("jervis-eq").textContent = fmt(g.nash_equilibria);
    tables($("jervis-table"), r, 1);
    const db = p.betas[1] - p.betas[0], dd = p.ds[1] - p.ds[0], rects = [];
    p.codes.forEach((row, i) => {  // one rectangle per run of equal cells in a row
      for (let j = 0, k = 0; j < row.length; j = k) {
        while (k < row.length && row[k] === row[j]) k++;
        rects.push([p.betas[j] - db / 2, p.betas[k - 1] + db / 2, p.ds[i] - dd / 2, p.ds[i] + dd / 2,
                    GAME_COLOURS[p.kinds[row[j]]] || "#fff"]);
      }
    });
    chart($("jervis-plot"), { title: "Game type over offense advantage and distinguishability",
      xlabel: "beta: offense advantage", ylabel: "d: distinguishability", x: [0, 1], y: [0, 1],
      legend: p.kinds.map((k) => [k.replaceAll("_", " "), GAME_COLOURS[k] || "#fff"]),
      layers: [{ type: "rect", rects }, { type: "vline", at: p.beta0, dash: "5,3" }, { type: "hline", at: p.d0, dash: "5,3" },
               { type: "line", xs: p.beta_T, ys: p.ds, colour: "#000", width: 1 },
               { type: "point", x: g.beta, y: g.d, r: 7, colour: "#fff", cls: "jervis-point" }] });
  },
  richardson(r) {
    const p = r.plot, [W, H] = p.box, layers = [];
    for (const t of p.trajectories) layers.push({ type: "line", xs: t.map((q) => q[0]), ys: t.map((q) => q[1]), colour: "#bbb", width: 1 });
    layers.push({ type: "line", xs: p.x_nullcline.map((q) => q[0]), ys: p.x_nullcline.map((q) => q[1]), colour: "#1f77b4", dash: "6,3" });
    layers.push({ type: "line", xs: p.y_nullcline.map((q) => q[0]), ys: p.y_nullcline.map((q) => q[1]), colour: "#d62728", dash: "6,3" });
    layers.push({ type: "line", xs: p.start_path.map((q) => q[0]), ys: p.start_path.map((q) => q[1]), colour: "#000", width: 2.2 });
    if (p.equilibrium) layers.push({ type: "point", x: p.equilibrium[0], y: p.equilibrium[1], colour: p.stable ? "#2ca02c" : "#d62728" });
    chart($("richardson-plot"), { title: "Phase portrait: x = A's arms, y = B's arms", xlabel: "x", ylabel: "y",
      x: [0, W], y: [0, H], layers, legend: [["dx/dt = 0", "#1f77b4"], ["dy/dt = 0", "#d62728"], ["path from start", "#000"]] });
    $("richardson-verdict").textContent = `${p.stable ? "stable" : "unstable"} (case ${p.case}): ${r.data.long_run.outcome.replaceAll("_", " ")}`;
    tables($("richardson-table"), r);
  },
  spiral(r) {
    const path = r.data.posterior_path, xs = path.map((_, i) => i);
    chart($("spiral-plot"), { title: "Belief that the rival is a security seeker", xlabel: "observation", ylabel: "belief mu_t",
      x: [0, Math.max(1, xs.length - 1)], y: [0, 1],
      layers: [{ type: "hline", at: r.data.pi_star, colour: "#d62728", dash: "6,3" },
               { type: "line", xs, ys: path, colour: "#1f77b4" }],
      legend: [["belief", "#1f77b4"], ["minimum trust pi*", "#d62728"]] });
    const n = r.data.arms_to_lose_trust;
    $("spiral-verdict").textContent = `minimum trust pi* = ${fmt(r.data.pi_star)}; ` +
      (n === null ? "trust is never lost" : `${n} observed build-ups push trust below it`);
    tables($("spiral-table"), r, 2);
  },
  bargaining(r) {
    const range = r.data.bargaining_range, v = r.inputs;
    const layers = [{ type: "vline", at: v.p, colour: "#000", width: 2 }];
    if (range) layers.unshift({ type: "rect", rects: [[range[0], range[1], 0.25, 0.75, "#2ca02c"]], opacity: 0.6 });
    chart($("bargaining-plot"), { title: "Shares x for A that both prefer to war (green); p = A's chance of winning",
      xlabel: "x: A's share of the pie", ylabel: "", x: [0, 1], y: [0, 1], height: 200, layers });
    $("bargaining-verdict").textContent = range ? `bargaining range [${fmt(range[0])}, ${fmt(range[1])}]: a deal beats war`
      : "no bargaining range: hawk bias exceeds the costs of war";
    tables($("bargaining-table"), r, 1);
  },
  deterrence(r) {
    const d = r.data, s = d.q_star_vs_mirv, t = d.q_star_vs_ssbn_share;
    chart($("deterrence-plot"), { title: "Strike threshold q* of 1000 warheads (stable iff q* >= q_bar)", xlabel: "warheads per silo",
      ylabel: "q*", x: [0, Math.max(...s.mirv)], y: [0, 1.02],
      layers: [{ type: "hline", at: r.inputs.q_bar, colour: "#d62728", dash: "6,3" },
               { type: "line", xs: s.mirv, ys: s.q_star, colour: "#1f77b4" },
               { type: "line", xs: t.share.map((x) => x * Math.max(...s.mirv)), ys: t.q_star, colour: "#2ca02c" }],
      legend: [["q* vs MIRVs", "#1f77b4"], ["q* vs sea share (x 0-100%)", "#2ca02c"], ["q_bar", "#d62728"]] });
    const last = d.postures[d.postures.length - 1];
    $("deterrence-verdict").textContent = `${last.label}: ${last.stable ? "crisis stable" : "crisis unstable"}, q* = ${fmt(last.q_star[0])}`;
    tables($("deterrence-table"), r, 1);
  },
};

async function init() {
  try {
    const list = await api("/api/theory");
    for (const box of document.querySelectorAll(".sliders")) {
      const model = box.dataset.model, info = list.find((x) => x.model === model);
      models[model] = { values: {}, busy: false, again: false };
      const ranges = SLIDERS[model] || {};
      const rows = info.inputs.filter((i) => ranges[i.name] || ((i.kind === "real") && Number.isFinite(i.lo) && Number.isFinite(i.hi) && i.default !== null))
        .map((i) => sliderRow(model, i, ranges[i.name] || [i.lo, i.hi, (i.hi - i.lo) / 100]));
      box.replaceChildren(...rows);
      update(model);
    }
  } catch (e) { showError($("error"), e); }
}

init();
