// realpolitik web lab: small SVG charts drawn in the browser from the API's numbers.
// No charting library: a chart is an SVG of lines, bands, rectangles and labels, redrawn whole
// in a few milliseconds (theory sliders redraw on every move).
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
                 "#7f7f7f", "#bcbd22", "#17becf"];

function svgEl(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
}

/** About five round tick values covering [lo, hi]. */
function ticks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function finite(values) { return values.filter((v) => v !== null && Number.isFinite(v)); }

/**
 * Draw a chart into `box` (its contents replaced).
 * spec: {title, xlabel, ylabel, x: [lo, hi], y: [lo, hi], width, height, legend: [[label, colour]],
 *        xfmt: an x tick's label (default fmt; String for years),
 *        layers: [{type: "line"|"band"|"rect"|"hline"|"vline"|"point"|"text"|"arrow", ...}]}
 */
function chart(box, spec) {
  const W = spec.width || 640, H = spec.height || 360;
  const m = { l: 62, r: spec.legend ? 150 : 16, t: spec.title ? 26 : 10, b: 42 };
  const [x0, x1] = spec.x, [y0, y1] = spec.y;
  const sx = (x) => m.l + ((x - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const sy = (y) => H - m.b - ((y - y0) / (y1 - y0 || 1)) * (H - m.t - m.b);
  const svg = svgEl("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img",
                             "aria-label": spec.title || "chart" });
  const clipId = "clip" + Math.random().toString(36).slice(2);
  const clip = svgEl("clipPath", { id: clipId });
  clip.append(svgEl("rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b }));
  svg.append(clip);
  const plot = svgEl("g", { "clip-path": `url(#${clipId})` });
  for (const layer of spec.layers) drawLayer(plot, layer, sx, sy, spec);
  const axes = svgEl("g");
  axes.append(svgEl("rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b,
                              fill: "none", stroke: "#999" }));
  for (const t of ticks(x0, x1)) {
    axes.append(svgEl("line", { x1: sx(t), x2: sx(t), y1: H - m.b, y2: H - m.b + 4, stroke: "#999" }));
    axes.append(svgEl("text", { x: sx(t), y: H - m.b + 16, "text-anchor": "middle" }, (spec.xfmt || fmt)(t)));
  }
  for (const t of ticks(y0, y1)) {
    axes.append(svgEl("line", { x1: m.l - 4, x2: m.l, y1: sy(t), y2: sy(t), stroke: "#999" }));
    axes.append(svgEl("text", { x: m.l - 6, y: sy(t) + 4, "text-anchor": "end" }, fmt(t)));
  }
  if (spec.title) axes.append(svgEl("text", { x: m.l, y: 17, class: "title" }, spec.title));
  if (spec.xlabel) axes.append(svgEl("text", { x: (m.l + W - m.r) / 2, y: H - 8, "text-anchor": "middle" }, spec.xlabel));
  if (spec.ylabel) axes.append(svgEl("text", { x: 14, y: (m.t + H - m.b) / 2, "text-anchor": "middle",
                                               transform: `rotate(-90 14 ${(m.t + H - m.b) / 2})` }, spec.ylabel));
  (spec.legend || []).forEach(([label, colour], i) => {
    const y = m.t + 8 + i * 17;
    axes.append(svgEl("rect", { x: W - m.r + 10, y: y - 8, width: 12, height: 10, fill: colour }));
    axes.append(svgEl("text", { x: W - m.r + 27, y: y + 1 }, label));
  });
  svg.append(plot, axes);
  box.replaceChildren(svg);
  return svg;
}

function pathOf(xs, ys, sx, sy) {
  let d = "", pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) { pen = false; continue; }
    d += (pen ? "L" : "M") + sx(x).toFixed(1) + "," + sy(y).toFixed(1);
    pen = true;
  }
  return d;
}

function drawLayer(g, L, sx, sy, spec) {
  const colour = L.colour || "#333";
  if (L.type === "line") {
    g.append(svgEl("path", { d: pathOf(L.xs, L.ys, sx, sy), fill: "none", stroke: colour,
                             "stroke-width": L.width || 1.8, "stroke-dasharray": L.dash || null,
                             class: L.cls || null }));
  } else if (L.type === "band") {
    const top = pathOf(L.xs, L.hi, sx, sy);
    const back = pathOf([...L.xs].reverse(), [...L.lo].reverse(), sx, sy).replace(/^M/, "L");
    g.append(svgEl("path", { d: top + back + "Z", fill: colour, "fill-opacity": L.opacity || 0.2, stroke: "none" }));
  } else if (L.type === "rect") {
    for (const r of L.rects) {
      const xa = sx(r[0]), xb = sx(r[1]), ya = sy(r[3]), yb = sy(r[2]);
      g.append(svgEl("rect", { x: Math.min(xa, xb), y: Math.min(ya, yb), width: Math.abs(xb - xa) + 0.5,
                               height: Math.abs(yb - ya) + 0.5, fill: r[4] || colour, "fill-opacity": L.opacity || 1 }));
    }
  } else if (L.type === "hline" || L.type === "vline") {
    const h = L.type === "hline";
    g.append(svgEl("line", { x1: h ? sx(spec.x[0]) : sx(L.at), x2: h ? sx(spec.x[1]) : sx(L.at),
                             y1: h ? sy(L.at) : sy(spec.y[0]), y2: h ? sy(L.at) : sy(spec.y[1]),
                             stroke: colour, "stroke-width": L.width || 1, "stroke-dasharray": L.dash || null }));
  } else if (L.type === "point") {
    g.append(svgEl("circle", { cx: sx(L.x), cy: sy(L.y), r: L.r || 5, fill: colour, stroke: "#000",
                               class: L.cls || null }));
  } else if (L.type === "text") {
    g.append(svgEl("text", { x: sx(L.x), y: sy(L.y), "text-anchor": L.anchor || "middle" }, L.text));
  }
}

/** Horizontal bars with 95% intervals: rows [{label, value, lo, hi, colour}] as shares in [0, 1]. */
function barChart(box, rows, title) {
  const H = 40 + 26 * Math.max(rows.length, 2), W = 640;
  const m = { l: 190, r: 60, t: 26, b: 30 };
  const sx = (x) => m.l + x * (W - m.l - m.r);
  const svg = svgEl("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title });
  svg.append(svgEl("text", { x: 8, y: 17, class: "title" }, title));
  rows.forEach((row, i) => {
    const y = m.t + 6 + i * 26;
    svg.append(svgEl("text", { x: m.l - 6, y: y + 13, "text-anchor": "end" }, row.label));
    if (row.value === null) return;
    svg.append(svgEl("rect", { x: sx(0), y, width: sx(row.value) - sx(0), height: 18,
                               fill: row.colour || "#9467bd", "fill-opacity": 0.85 }));
    if (row.lo !== null && row.hi !== null) {
      svg.append(svgEl("line", { x1: sx(row.lo), x2: sx(row.hi), y1: y + 9, y2: y + 9, stroke: "#000" }));
    }
    svg.append(svgEl("text", { x: W - m.r + 6, y: y + 13 }, (100 * row.value).toFixed(1) + "%"));
  });
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(svgEl("text", { x: sx(t), y: H - 10, "text-anchor": "middle" }, fmt(t)));
  }
  box.replaceChildren(svg);
  return svg;
}
