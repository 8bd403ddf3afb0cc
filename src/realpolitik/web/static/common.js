// realpolitik web lab: what every page shares (fetching the API, small DOM helpers).
"use strict";

/** Fetch JSON from the lab's API; throw an Error with the server's one-line detail. */
async function api(path, options = {}) {
  const init = { ...options, headers: { "Content-Type": "application/json" } };
  if (init.body !== undefined && typeof init.body !== "string") init.body = JSON.stringify(init.body);
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
  if (!response.ok) {
    const detail = data && data.detail ? data.detail : response.statusText;
    const error = new Error(`${response.status}: ${detail}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

/** Create an element: el("td", {class: "num"}, "1.0", child...). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Format a number for a table: 4 significant digits, integers with separators. */
function fmt(value) {
  if (value === null || value === undefined) return "-";
  if (typeof value === "number") {
    if (Number.isInteger(value)) return value.toLocaleString("en-US");
    if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)) return value.toExponential(3);
    return String(Number(value.toPrecision(4)));
  }
  if (Array.isArray(value)) return "(" + value.map(fmt).join(", ") + ")";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A table from column names and rows (numbers right-aligned). */
function table(columns, rows) {
  return el("table", {},
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", {}, c)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, row.map((v) =>
      el("td", { class: typeof v === "number" ? "num" : null }, fmt(v)))))));
}

/** Show an error (or clear it) in a page's error box. */
function showError(box, error) {
  box.textContent = error ? String(error.message || error) : "";
}
