// realpolitik web lab: the crisis game page (docs/game.md). Plain browser JavaScript, no CDN.
"use strict";

const G = { id: null, view: null, saved: null };
const $ = (id) => document.getElementById(id);

/** Fetch JSON from the games API; throw an Error carrying the server's one-line detail. */
async function gameApi(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
  if (!response.ok) {
    let detail = data && data.detail !== undefined ? data.detail : response.statusText;
    if (typeof detail !== "string") detail = JSON.stringify(detail);
    throw new Error(`${response.status}: ${detail}`);
  }
  return data;
}

/** Create an element: make("td", {class: "num"}, "1.0", child...). */
function make(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function num(x, digits = 3) {
  return x === null || x === undefined ? "-" : Number(x).toPrecision(digits);
}

function showError(error) { $("error").textContent = error ? String(error.message || error) : ""; }

/** Run an action: clear the error box, disable the buttons while it runs, show its error. */
async function guarded(fn) {
  showError(null);
  const buttons = [...document.querySelectorAll("button")];
  buttons.forEach((b) => { b.disabled = true; });
  document.body.setAttribute("data-busy", "");
  try { await fn(); } catch (error) { showError(error); } finally {
    buttons.forEach((b) => { b.disabled = false; });
    document.body.removeAttribute("data-busy");
  }
}

// ---- setup ------------------------------------------------------------------------------
async function loadOptions() {
  const options = await gameApi("/api/games/options");
  const scenario = $("scenario");
  scenario.replaceChildren(...options.map((o) => make("option", { value: o.scenario }, o.title)));
  const fill = () => {
    const o = options.find((x) => x.scenario === scenario.value);
    $("state").replaceChildren(...o.states.map((s) => make("option", { value: s }, s)));
  };
  scenario.addEventListener("change", fill);
  fill();
}

async function startGame() {
  const body = { scenario: $("scenario").value, player: $("state").value,
    turns: Number($("turns").value), seed: Number($("seed").value) };
  const out = await gameApi("/api/games", body);
  begin(out);
}

function begin(out) {
  G.id = out.id;
  $("debrief").classList.add("hidden");
  $("board").classList.remove("hidden");
  $("download").classList.add("hidden");
  render(out.view);
}

async function loadSaved(event) {
  const file = event.target.files[0];
  if (!file) return;
  const saved = JSON.parse(await file.text());
  begin(await gameApi("/api/games/replay", saved));
}

// ---- the board ----------------------------------------------------------------------------
function othersTable(view) {
  const head = ["state", "perceived military", "GDP", "your trust", "allied", "may fight",
    "strike"];
  if (view.alliances_on) head.push("join", "leave");
  const minTrust = view.you.min_trust;
  const rows = view.others.map((o) => {
    const trust = make("td", { class: o.trust < minTrust ? "num low-trust" : "num" }, num(o.trust));
    const box = (kind, enabled) => make("td", {}, make("input", { type: "checkbox",
      "data-kind": kind, "data-state": o.name, disabled: !enabled || view.over }));
    const cells = [make("td", {}, o.name), make("td", { class: "num" }, num(o.perceived_military)),
      make("td", { class: "num" }, num(o.gdp)), trust, make("td", {}, o.allied ? "yes" : "no"),
      make("td", {}, o.may_fight ? "yes" : "no"), box("strike", o.may_fight)];
    if (view.alliances_on) cells.push(box("join", !o.allied), box("leave", o.allied));
    return make("tr", {}, cells);
  });
  return [make("thead", {}, make("tr", {}, head.map((h) => make("th", {}, h)))),
    make("tbody", {}, rows)];
}

function render(view) {
  G.view = view;
  const you = view.you;
  $("status").textContent = view.over ? `${view.player}: the game is over`
    : `${view.player}, turn ${view.turn} of ${view.turns}`
      + (view.year === null ? "" : ` (${view.year})`);
  $("you").textContent = `You are a ${you.type}. Military ${num(you.military)}, GDP ${num(you.gdp)}, `
    + `budget ${num(you.budget_share)} of GDP (cap ${num(you.max_budget)}). Your minimum trust `
    + `(below it, a security seeker fears a rival): ${num(you.min_trust)}.`;
  $("others").replaceChildren(...othersTable(view));
  const budget = $("budget");
  budget.max = String(you.max_budget);
  budget.value = String(Math.min(you.budget_share, you.max_budget));
  $("budget-out").textContent = num(Number(budget.value));
  $("separating").textContent = `a cut of ${num(you.separating_gesture)} or more convinces `
    + "every rival that you are a security seeker";
  $("demand-target").replaceChildren(make("option", { value: "" }, "nobody"),
    ...view.others.filter((o) => o.may_fight).map((o) => make("option", { value: o.name }, o.name)));
  $("moves").classList.toggle("hidden", view.stage !== "move");
  $("demands").classList.toggle("hidden", view.stage !== "answer");
  $("over").classList.toggle("hidden", !view.over);
  $("end-reason").textContent = view.over ? `Game over: ${view.end_reason}.` : "";
  $("demand-list").replaceChildren(...view.demands.map((d) => make("div", {},
    make("label", {}, make("input", { type: "checkbox", "data-challenger": d.challenger }),
      ` concede to ${d.challenger}: ${num(d.share)} of the stake (${num(d.amount)} of your GDP)`))));
  $("history").replaceChildren(...view.history.slice().reverse().map((t) => make("div", {},
    make("strong", {}, `Turn ${t.turn}: `),
    t.events.length ? t.events.map((e) => make("div", { class: "event" },
      `${e.kind}: ${e.initiator_name} on ${e.target_name}, ${e.outcome || ""}`
      + (e.cause ? ` (${e.cause})` : ""))) : "a quiet year")));
}

function checked(kind) {
  return [...document.querySelectorAll(`input[data-kind=${kind}]:checked`)].map((x) => x.dataset.state);
}

async function playTurn() {
  const move = { reassure: Number($("reassure").value), hotline: $("hotline").checked,
    strike: checked("strike"), join: checked("join"), leave: checked("leave") };
  if (!$("auto-arm").checked) move.budget = Number($("budget").value);
  if ($("demand-target").value) {
    move.demand = { target: $("demand-target").value, share: Number($("demand-share").value) };
  }
  if ($("answer").value) move.answer = $("answer").value;
  render(await gameApi(`/api/games/${G.id}/turns`, move));
  $("reassure").value = "0";
  $("reassure-out").textContent = "0";
}

async function answerDemands() {
  const concede = [...document.querySelectorAll("input[data-challenger]:checked")]
    .map((x) => x.dataset.challenger);
  render(await gameApi(`/api/games/${G.id}/answers`, { concede }));
}

// ---- debrief and saving -------------------------------------------------------------------
function moveText(m) {
  if (!m) return "-";
  const parts = [];
  if (m.budget !== null && m.budget !== undefined) parts.push(`budget ${num(m.budget)}`);
  if (m.reassure) parts.push(`gesture ${num(m.reassure)}`);
  if (m.join && m.join.length) parts.push(`join ${m.join.join(", ")}`);
  if (m.leave && m.leave.length) parts.push(`leave ${m.leave.join(", ")}`);
  if (m.pacts) parts.push(`pacts: ${m.pacts.join(", ") || "none"}`);
  if (m.strike && m.strike.length) parts.push(`strike ${m.strike.join(", ")}`);
  if (m.demand) parts.push(`demand ${num(m.demand.share)} of ${m.demand.target}`);
  if (m.hotline === false) parts.push("no hotline");
  if (m.concede && m.concede.length) parts.push(`concede to ${m.concede.join(", ")}`);
  return parts.join("; ") || "nothing";
}

async function showDebrief() {
  const d = await gameApi(`/api/games/${G.id}/debrief`);
  $("types").replaceChildren(make("table", {}, make("thead", {}, make("tr", {},
    make("th", {}, "state"), make("th", {}, "true type"))), make("tbody", {},
    Object.entries(d.types).map(([n, t]) => make("tr", {}, make("td", {}, n), make("td", {}, t))))));
  const rows = d.turns.map((t) => make("tr", { "data-turn": t.turn }, make("td", {}, t.turn),
    make("td", {}, moveText(t.move)), make("td", {}, moveText(t.model)),
    make("td", {}, t.events.map((e) => make("div", {}, `${e.kind}: ${e.initiator_name} on `
      + `${e.target_name}, ${e.outcome || ""} ${e.label ? "[" + e.label + "]" : ""}`))),
    make("td", {}, t.spirals.map((s) => make("div", {}, make("span", { class: "mark spiral" }, "spiral"),
      ` ${s.observer} now distrusts ${s.target} (${num(s.trust_before)} to ${num(s.trust_after)})`)),
    t.deterrence_failures.map((f) => make("div", {}, make("span", { class: "mark failure" },
      "deterrence failure"), ` ${f.initiator} (greedy) on ${f.target}: ${f.kind}`)))));
  $("debrief-turns").replaceChildren(make("table", {}, make("thead", {}, make("tr", {},
    ["turn", "your move", "the engine in your place", "events", "marks"].map((h) => make("th", {}, h)))),
  make("tbody", {}, rows)));
  $("debrief").classList.remove("hidden");
}

async function saveGame() {
  const saved = await gameApi(`/api/games/${G.id}/save`);
  const link = $("download");
  link.href = URL.createObjectURL(new Blob([JSON.stringify(saved, null, 1)],
    { type: "application/json" }));
  link.classList.remove("hidden");
}

window.addEventListener("DOMContentLoaded", () => {
  $("start").addEventListener("click", () => guarded(startGame));
  $("load").addEventListener("change", (e) => guarded(() => loadSaved(e)));
  $("play").addEventListener("click", () => guarded(playTurn));
  $("answer-btn").addEventListener("click", () => guarded(answerDemands));
  $("debrief-btn").addEventListener("click", () => guarded(showDebrief));
  $("save").addEventListener("click", () => guarded(saveGame));
  $("auto-arm").addEventListener("change", () => { $("budget").disabled = $("auto-arm").checked; });
  for (const id of ["budget", "reassure", "demand-share"]) {
    $(id).addEventListener("input", () => { $(`${id}-out`).textContent = num(Number($(id).value)); });
  }
  guarded(loadOptions);
});
