// The explorer: asks /api/explorer/* for neighbourhoods and draws them with vis-network.
// Every text from the graph goes in through textContent (never innerHTML).
"use strict";
(function () {
  const COLOURS = { construct: "#2a9d8f", instrument: "#e9c46a", intervention: "#e76f51", study: "#8d99ae" };
  const SHAPES = { construct: "ellipse", instrument: "box", intervention: "diamond", study: "dot" };
  const config = JSON.parse(document.getElementById("explorer-config").textContent);
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const statusEl = document.getElementById("status");
  const panel = document.getElementById("panel");
  const network = new vis.Network(document.getElementById("network"), { nodes, edges }, {
    layout: { randomSeed: 7, improvedLayout: true },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 250, fit: true },
               forceAtlas2Based: { gravitationalConstant: -60, springLength: 120, avoidOverlap: 0.6 } },
    nodes: { font: { size: 16, face: "system-ui" }, margin: 8, borderWidth: 1.5 },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, color: { color: "#aaa", highlight: "#264653" },
             font: { size: 11, color: "#555", strokeWidth: 3, align: "middle" }, smooth: false },
    interaction: { hover: true, keyboard: true, tooltipDelay: 150 },
  });
  window.ekgNetwork = network;
  network.on("stabilizationIterationsDone", () => {
    network.setOptions({ physics: false });
    document.body.dataset.ready = "true";
  });

  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }
  function link(href, text) { return el("a", text, { href }); }
  function safeIri(iri) { return /^https?:\/\//.test(iri) ? iri : ""; }

  function visNode(n) {
    const faded = n.lexiconOnly;
    const node = {
      id: n.id, label: n.label.length > 40 ? n.label.slice(0, 38) + "…" : n.label,
      title: `${n.title} (${n.kind}${n.lexiconOnly ? ", lexicon only" : ""}${n.candidate ? ", candidate" : ""})`,
      kind: n.kind, lexiconOnly: n.lexiconOnly, design: n.design, shape: SHAPES[n.kind],
      color: { background: COLOURS[n.kind], border: n.focus ? "#000" : "#555",
               highlight: { background: COLOURS[n.kind], border: "#000" },
               hover: { background: COLOURS[n.kind], border: "#000" } },
      opacity: faded ? 0.35 : 1, borderWidth: n.focus ? 3 : 1.5,
      shapeProperties: { borderDashes: n.candidate ? [4, 3] : false },
      font: { size: n.focus ? 20 : 16, color: faded ? "#999" : (n.kind === "construct" ? "#fff" : "#222") },
    };
    if (n.kind === "study") node.size = 10;
    if (n.kind === "intervention") node.size = 18;
    return node;
  }
  function visEdge(e) {
    const dirs = e.directions ? Object.entries(e.directions).map(([k, v]) => `${k} ×${v}`).join(", ") : "";
    return { id: `${e.from}|${e.label}|${e.to}`, from: e.from, to: e.to, label: e.label,
             title: dirs ? `${e.label}: ${dirs}` : e.label, dashes: e.label === "facet of" };
  }

  function params(extra) {
    const p = new URLSearchParams(extra);
    const kinds = [...document.querySelectorAll("input[name=kind]:checked")].map((i) => i.value);
    if (kinds.length < 4) p.set("kinds", kinds.join(","));
    const design = document.getElementById("design").value;
    if (design) p.set("design", design);
    const direction = document.getElementById("direction").value;
    if (direction) p.set("direction", direction);
    const paper = document.getElementById("paper").value.trim();
    if (paper) p.set("paper", paper);
    if (document.getElementById("hide-lexicon").checked) p.set("hide_lexicon_only", "true");
    return p;
  }

  async function getJSON(url) {
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await r.json();
    if (!r.ok) throw new Error(body.message || r.statusText);
    return body;
  }

  async function load(focus, merge) {
    statusEl.textContent = "loading…";
    const p = params(focus ? { focus, depth: document.getElementById("depth").value } : {});
    try {
      const data = await getJSON(`/api/explorer/graph?${p}`);
      if (!merge) { nodes.clear(); edges.clear(); network.setOptions({ physics: true }); }
      else network.setOptions({ physics: { stabilization: { iterations: 80 } } });
      nodes.update(data.nodes.map(visNode));
      edges.update(data.edges.map(visEdge));
      statusEl.textContent = `${nodes.length} of ${data.total_nodes} nodes shown`;
      if (focus) {
        network.once("stabilizationIterationsDone", () => {
          network.selectNodes([focus]);
          network.focus(focus, { scale: 0.9, animation: false });
          document.body.dataset.focused = focus;
        });
        network.stabilize(merge ? 80 : 250);
      }
    } catch (err) { statusEl.textContent = `could not load: ${err.message}`; }
  }

  function focusOn(iri, push) {
    if (push) history.pushState({ focus: iri }, "", `/?focus=${encodeURIComponent(iri)}`);
    load(iri, false);
    showPanel(iri);
  }
  window.ekgFocus = (iri) => focusOn(iri, true);

  function section(title, items, render) {
    if (!items || !items.length) return null;
    const frag = document.createDocumentFragment();
    frag.append(el("h3", title));
    const ul = el("ul");
    for (const item of items) { const li = el("li"); render(li, item); ul.append(li); }
    frag.append(ul);
    return frag;
  }
  function nodeItem(li, n) {
    const a = link(`/?focus=${encodeURIComponent(n.iri)}`, n.label);
    a.addEventListener("click", (ev) => { ev.preventDefault(); focusOn(n.iri, true); });
    li.append(a);
    if (n.title && n.title !== n.label) li.append(el("span", ` ${n.title}`, { class: "kind" }));
  }
  function stat(label, s) { return s && s.value !== null ? `${label} = ${s.value}` : null; }
  function findingItem(li, f) {
    li.className = "finding";
    li.append(link(`/study?iri=${encodeURIComponent(f.study.iri)}`, f.study.label));
    const design = f.study.design || "design not reported";
    const n = f.study.n ? `N = ${f.study.n}` : "N not reported";
    li.append(el("span", ` · ${design} · ${n}`, { class: "kind" }), el("br"));
    const what = [f.intervention.label, f.instrument.label || f.construct.label].filter(Boolean).join(" → ");
    li.append(el("span", `${what}: ${f.direction || "direction not stated"}` +
      (f.significant === true ? " (significant)" : f.significant === false ? " (not significant)" : "")));
    const stats = ["F", "df", "p", "partial_eta_sq", "d", "r"].map((k) => stat(k, f.stats[k])).filter(Boolean);
    li.append(el("br"));
    if (stats.length) li.append(el("span", stats.join(", ")));
    else li.append(el("span", "statistics not reported", { class: "not-reported" }));
    if (f.effect) li.append(el("span", ` · g = ${f.effect.yi.toFixed(2)} (${f.effect.mark})`));
    if (f.conflict) li.append(el("span", " conflict", { class: "conflict" }));
    if (f.status) li.append(el("span", ` · ${f.status}`, { class: "kind" }));
    if (f.claim) {
      const a = link(`/quote?claim=${encodeURIComponent(f.claim)}`, "evidence");
      a.className = "evidence-link";
      li.append(" ", a);
    }
  }

  async function showPanel(iri) {
    panel.hidden = false;
    panel.replaceChildren(el("p", "loading…"));
    let d;
    try { d = await getJSON(`/api/explorer/node?iri=${encodeURIComponent(iri)}`); }
    catch (err) { panel.replaceChildren(el("p", `could not load: ${err.message}`)); return; }
    const parts = [el("h2", d.title || d.label, { id: "panel-title" }),
      el("p", `${d.kind}${d.lexicon_only ? " · known only from the lexicon" : ""}${d.candidate ? " · candidate term" : ""}`, { class: "kind" })];
    if (d.definition) parts.push(el("p", d.definition));
    if (d.synonyms.length) parts.push(el("p", `Synonyms: ${d.synonyms.join(", ")}`));
    if (d.kind === "study") parts.push(el("p", `${d.design || "design not reported"} · ${d.n ? "N = " + d.n : "N not reported"}`));
    const actions = el("p");
    const expand = el("button", "expand neighbours", { type: "button" });
    expand.addEventListener("click", () => load(iri, true));
    const collapse = el("button", "collapse", { type: "button" });
    collapse.addEventListener("click", () => collapseAround(iri));
    actions.append(expand, " ", collapse);
    if (d.kind === "construct" || d.kind === "intervention") {
      const key = d.kind === "construct" ? "construct" : "intervention";
      actions.append(" ", link(`/evidence?${key}=${encodeURIComponent(iri)}`, "evidence view"));
    }
    if (d.kind === "study") actions.append(" ", link(`/study?iri=${encodeURIComponent(iri)}`, "study page"));
    parts.push(actions);
    const lists = [
      ["Instruments that measure it", d.kind === "construct" ? d.instruments : null],
      ["Facets", d.facets], ["Facet of", d.broader], ["Measures", d.measures],
      ["Subscales", d.subscales], ["Subscale of", d.subscale_of],
      ["Interventions tested on it", d.interventions && d.kind === "construct" ? d.interventions : null],
      ["Constructs it was tested on", d.constructs], ["Studies", d.studies],
      ["Instruments used", d.kind === "study" ? d.instruments : null],
      ["Interventions evaluated", d.kind === "study" ? d.interventions : null],
    ];
    for (const [title, items] of lists) { const s = section(title, items, nodeItem); if (s) parts.push(s); }
    if (d.kind === "intervention" && d.constructs && d.constructs.length) {
      const s = section("Evidence by construct", d.constructs, (li, c) => li.append(link(
        `/evidence?intervention=${encodeURIComponent(iri)}&construct=${encodeURIComponent(c.iri)}`, `${d.label} × ${c.label}`)));
      parts.push(s);
    }
    const wanted = document.getElementById("curation-status").value;
    const reviewed = ["accepted", "edited", "curator-added"];
    const shown = d.findings.filter((f) => !wanted || (wanted === "reviewed" ? reviewed.includes(f.status) : f.status === wanted));
    const fs = section(`Findings (${shown.length}${wanted ? ` ${wanted}` : ""} of ${d.findings_total})`, shown, findingItem);
    if (fs) { fs.lastChild.id = "panel-findings"; parts.push(fs); }
    if (d.papers.length) parts.push(el("p", `Papers: ${d.papers.join(", ")}`, { class: "kind" }));
    panel.replaceChildren(...parts);
  }

  function collapseAround(iri) {
    const keep = new Set([iri]);
    for (const id of nodes.getIds()) {
      if (id === iri) continue;
      const connected = network.getConnectedNodes(id);
      if (!(connected.length === 1 && connected[0] === iri)) keep.add(id);
    }
    nodes.remove(nodes.getIds().filter((id) => !keep.has(id)));
  }

  network.on("click", (e) => { if (e.nodes.length) showPanel(e.nodes[0]); });
  network.on("doubleClick", (e) => { if (e.nodes.length) load(e.nodes[0], true); });

  // search with autocomplete
  const input = document.getElementById("search");
  const list = document.getElementById("suggestions");
  let timer = null, active = -1, hits = [];
  function renderHits() {
    list.replaceChildren(...hits.map((h, i) => {
      const li = el("li", h.label, { role: "option", "data-iri": h.id, "aria-selected": String(i === active) });
      li.append(el("small", h.kind + (h.title && h.title !== h.label ? ` · ${h.title}` : "")));
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(i); });
      return li;
    }));
    list.hidden = hits.length === 0;
  }
  function choose(i) {
    const h = hits[i];
    if (!h) return;
    input.value = h.label; hits = []; renderHits();
    focusOn(h.id, true);
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      hits = q ? await getJSON(`/api/explorer/search?q=${encodeURIComponent(q)}`) : [];
      active = hits.length ? 0 : -1; renderHits();
    }, 120);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") { active = Math.min(active + 1, hits.length - 1); renderHits(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { active = Math.max(active - 1, 0); renderHits(); ev.preventDefault(); }
    else if (ev.key === "Enter") { choose(active); ev.preventDefault(); }
    else if (ev.key === "Escape") { hits = []; renderHits(); }
  });
  input.addEventListener("blur", () => setTimeout(() => { list.hidden = true; }, 150));

  for (const id of ["design", "direction", "paper", "depth", "hide-lexicon"]) {
    document.getElementById(id).addEventListener("change", () => load(currentFocus(), false));
  }
  document.getElementById("curation-status").addEventListener("change", () => { const f = currentFocus(); if (f) showPanel(f); });
  document.querySelectorAll("input[name=kind]").forEach((i) => i.addEventListener("change", () => load(currentFocus(), false)));
  document.getElementById("overview").addEventListener("click", () => {
    history.pushState({}, "", "/"); panel.hidden = true; load("", false);
  });
  window.addEventListener("popstate", () => { const f = currentFocus(); load(f, false); if (f) showPanel(f); });
  function currentFocus() { return safeIri(new URLSearchParams(location.search).get("focus") || ""); }

  const start = safeIri(config.focus || "");
  load(start, false);
  if (start) showPanel(start);
})();
