// The curation page: talks to /api/* with the curator's token (sessionStorage, Bearer).
// Everything from a paper is put on the page as text (textContent), never as HTML.
"use strict";

const TOKEN_KEY = "ekg-token";
const state = { items: [], current: -1, offset: 0, limit: 25, total: 0, user: null, predicates: [] };
const $ = (sel, root = document) => root.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, { method = "GET", body = null, etag = null } = {}) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = "Bearer " + token;
  if (body !== null) headers["Content-Type"] = "application/json";
  if (etag) headers["If-Match"] = etag;
  const r = await fetch(path, { method, headers, body: body === null ? null : JSON.stringify(body) });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) {
    const detail = data.message || (Array.isArray(data.detail) ? data.detail.map(d => d.msg).join("; ") : data.detail);
    throw new ApiError(r.status, detail || r.statusText);
  }
  return data;
}

// ---- login ---------------------------------------------------------------

async function whoami() {
  const who = $("#who"), form = $("#login-form");
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    state.user = null; who.hidden = true; form.hidden = false; $("#login-hint").hidden = false; return;
  }
  try {
    state.user = await api("/api/me");
    $("#who-name").textContent = `Logged in as ${state.user.name} (${state.user.role})`;
    who.hidden = false; form.hidden = true; $("#login-hint").hidden = true;
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLoginError(e.message);
    state.user = null; who.hidden = true; form.hidden = false;
  }
}

function showLoginError(text) {
  const box = $("#login-error");
  box.textContent = text; box.hidden = !text;
}

function canWrite() {
  return state.user && (state.user.role === "curator" || state.user.role === "admin");
}

// ---- queue ---------------------------------------------------------------

function filterParams() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData($("#filters"))) if (v) params.set(k, v);
  params.set("limit", state.limit); params.set("offset", state.offset);
  params.set("group", "statement");
  return params;
}

async function loadQueue() {
  const list = $("#queue");
  try {
    const page = await api("/api/curation/queue?" + filterParams());
    state.items = page.items; state.total = page.total;
    list.replaceChildren(...statementCards(page.items));
    const shown = list.children.length;
    const last = Math.min(state.offset + shown, page.total);
    $("#queue-count").textContent = page.total
      ? `statements ${state.offset + 1}–${last} of ${page.total} (${page.items.length} claims)` : "nothing to review here";
    state.current = -1;
    document.body.dataset.queueLoaded = String(Date.now());
  } catch (e) {
    list.replaceChildren(el("li", { class: "error", text: e.message }));
  }
}

function termText(t) {
  if (t.kind === "iri") return t.label || t.value;
  return t.language ? `"${t.value}"@${t.language}` : `"${t.value}"`;
}

function evidenceBlock(ev) {
  if (!ev) return el("p", { class: "no-evidence", text: "(no evidence span: added by a curator)" });
  const quote = el("blockquote", { class: "evidence" });
  if (ev.prefix) quote.append(ev.prefix);
  quote.append(el("mark", { text: ev.quote }));
  if (ev.suffix) quote.append(ev.suffix);
  const where = [ev.section, ev.start !== null ? `characters ${ev.start}–${ev.end}` : ""]
    .filter(Boolean).join(" · ");
  return el("div", {}, quote, where ? el("small", { class: "where", text: where }) : null);
}

// One card per statement (a finding, study or term): its claims inside, the shared quote once.
function statementCards(items) {
  const groups = new Map();
  items.forEach((claim, index) => {
    const key = claim.subject.value;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push([claim, index]);
  });
  return [...groups.values()].map(members => {
    const [first] = members[0];
    const quotes = new Set(members.map(([c]) => c.evidence ? c.evidence.quote : ""));
    const shared = members.length > 1 && quotes.size === 1 && first.evidence;
    const box = el("li", { class: "statement-card", "data-subject": first.subject.value });
    const accepting = el("button", { type: "button", class: "accept-all", text: `Accept all ${members.length}`,
      onclick: async e => { e.stopPropagation(); for (const [, i] of members) await accept(i); } });
    box.append(
      el("h3", { class: "statement-title", title: first.subject.value },
        el("span", { text: termText(first.subject) }),
        el("small", { text: ` · ${members.length} statement${members.length === 1 ? "" : "s"} · ${first.paper_id || "no paper"}` })),
      shared ? evidenceBlock(first.evidence) : null,
      members.length > 1 ? el("div", { class: "actions" }, accepting) : null,
      el("ol", { class: "claims" }, ...members.map(([c, i]) => card(c, i, !!shared))));
    return box;
  });
}

function card(claim, index, sharedEvidence = false) {
  const reasons = $("#reasons").content.cloneNode(true);
  const li = el("li", {
    class: "claim", tabindex: "-1", "data-key": claim.key, "data-iri": claim.iri,
    "data-status": claim.conflict_with.length ? "conflict" : claim.status, "data-etag": claim.etag,
    onclick: () => select(index, false),
  });
  li.append(
    el("div", { class: "statement" },
      el("span", { class: "subject", title: claim.subject.value, text: termText(claim.subject) }), " ",
      el("span", { class: "predicate", title: claim.predicate.value, text: termText(claim.predicate) }), " ",
      el("span", { class: "object", title: claim.object.value, text: termText(claim.object) })),
    el("div", { class: "meta" },
      el("span", { class: "status", text: claim.conflict_with.length ? "conflict" : claim.status }),
      claim.confidence !== null ? el("span", { class: "confidence", text: `confidence ${claim.confidence}` }) : null,
      el("span", { class: "paper", text: claim.paper_id || "no paper" }),
      el("span", { class: "method", text: claim.method }),
      el("a", { class: "evidence-page", href: "/quote?claim=" + encodeURIComponent(claim.iri), text: "evidence page" })),
    sharedEvidence ? null : evidenceBlock(claim.evidence),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "accept", onclick: e => { e.stopPropagation(); accept(index); }, text: "Accept (a)" }),
      el("select", { class: "reason", "aria-label": "reason to reject" }, reasons),
      el("button", { type: "button", class: "reject", onclick: e => { e.stopPropagation(); reject(index); }, text: "Reject (r)" }),
      el("button", { type: "button", class: "edit", onclick: e => { e.stopPropagation(); openEdit(index); }, text: "Edit (e)" }),
      el("button", { type: "button", class: "show-history", onclick: e => { e.stopPropagation(); toggleHistory(index); }, text: "History (h)" })),
    el("div", { class: "message", role: "status" }),
    el("div", { class: "edit-slot" }),
    el("ol", { class: "claim-history", hidden: true }));
  return li;
}

function cardAt(i) { return $("#queue").querySelectorAll("li.claim")[i]; }

function select(i, scroll = true) {
  if (i < 0 || i >= state.items.length) return;
  cardAt(state.current)?.classList.remove("current");
  state.current = i;
  const li = cardAt(i);
  li.classList.add("current");
  if (scroll) { li.focus({ preventScroll: true }); li.scrollIntoView({ block: "nearest" }); }
}

function say(i, text, bad = false) {
  const box = $(".message", cardAt(i));
  box.textContent = text; box.classList.toggle("error", bad);
}

function applied(i, done) {
  const target = done.claims.find(c => c.iri === state.items[i].iri);
  if (target) {
    state.items[i] = target;
    const li = cardAt(i);
    li.dataset.status = target.conflict_with.length ? "conflict" : target.status;
    li.dataset.etag = target.etag;
    $(".status", li).textContent = li.dataset.status;
  }
  say(i, `${done.action.type} by ${done.action.curator}${done.action.comment ? ": " + done.action.comment : ""}`);
  if (!$(".claim-history", cardAt(i)).hidden) loadClaimHistory(i);
}

async function stale(i, e) {
  if (e.status !== 412) { say(i, e.message, true); return; }
  try {
    const fresh = await api(`/api/claims/${state.items[i].key}`);
    state.items[i] = fresh;
    cardAt(i).dataset.etag = fresh.etag;
    $(".status", cardAt(i)).textContent = fresh.status;
    cardAt(i).dataset.status = fresh.status;
    say(i, `Someone else changed this claim (now ${fresh.status}); check it and try again.`, true);
  } catch (e2) { say(i, e2.message, true); }
}

async function act(i, verb, body) {
  if (!canWrite()) { say(i, "Log in with a curator token first.", true); return; }
  const claim = state.items[i];
  try {
    const done = await api(`/api/claims/${claim.key}/${verb}`, { method: "POST", body, etag: claim.etag });
    applied(i, done);
  } catch (e) { await stale(i, e); }
}

function accept(i) { return act(i, "accept", { comment: "" }); }

function reject(i) {
  const reason = $(".reason", cardAt(i)).value.trim();
  if (!reason) { $(".reason", cardAt(i)).focus(); return; }
  return act(i, "reject", { comment: reason });
}

async function valueInput(predicate, current = null) {
  const info = await api("/api/curation/choices?predicate=" + encodeURIComponent(predicate));
  const wrap = el("span", { class: "value", "data-kind": info.kind, "data-range": info.range });
  if (info.kind === "iri") {
    const listId = "choices-" + Math.random().toString(36).slice(2);
    const list = el("datalist", { id: listId }, ...info.options.map(o => el("option", { value: o.value, text: o.label })));
    const pick = el("select", { class: "choice", "aria-label": "pick an existing node" },
      el("option", { value: "", text: `pick a ${info.range ? info.range.split(/[#/]/).pop() : "node"}…` }),
      ...info.options.map(o => el("option", { value: o.value, text: o.label })));
    const input = el("input", { class: "iri", name: "value", list: listId, size: 50, placeholder: "or type an IRI" });
    pick.addEventListener("change", () => { input.value = pick.value; });
    if (current && current.kind === "iri") {
      input.value = current.value;
      if (info.options.some(o => o.value === current.value)) pick.value = current.value;
    }
    wrap.append(pick, " ", input, list);
  } else {
    const input = el("input", { class: "literal", name: "value", size: 40, placeholder: info.range.split(/[#/:]/).pop() });
    if (current && current.kind === "literal") input.value = current.value;
    wrap.append(input);
  }
  wrap.read = () => {
    const value = $("input", wrap).value.trim();
    if (info.kind === "iri") return { kind: "iri", value };
    if (info.range.startsWith("lang:")) return { kind: "literal", value, language: info.range.slice(5) };
    return { kind: "literal", value, datatype: info.range || null };
  };
  return wrap;
}

async function openEdit(i) {
  const slot = $(".edit-slot", cardAt(i));
  if (slot.firstChild) { slot.replaceChildren(); return; }
  const claim = state.items[i];
  try {
    const value = await valueInput(claim.predicate.value, claim.object);
    const why = el("input", { class: "why", name: "comment", size: 40, required: true, placeholder: "why (required)" });
    const form = el("form", { class: "edit-form" },
      el("label", { text: `new ${claim.predicate.label}: ` }), value, " ", why, " ",
      el("button", { type: "submit", text: "Save edit" }),
      el("button", { type: "button", text: "Cancel", onclick: () => slot.replaceChildren() }));
    form.addEventListener("submit", async ev => {
      ev.preventDefault();
      if (!why.value.trim()) { why.focus(); return; }
      await act(i, "edit", { object: value.read(), comment: why.value.trim() });
      slot.replaceChildren();
    });
    slot.replaceChildren(form);
    $("input, select", form).focus();
  } catch (e) { say(i, e.message, true); }
}

function historyEntry(entry, onRevert) {
  const li = el("li", { class: "entry" + (entry.effective ? "" : " undone"), "data-type": entry.type, "data-key": entry.key },
    el("span", { class: "when", text: entry.time.replace("T", " ").slice(0, 19) }), " ",
    el("strong", { class: "type", text: entry.type }), " by ",
    el("span", { class: "curator", text: entry.curator }),
    entry.comment ? el("span", { class: "comment", text: ` — ${entry.comment}` }) : null);
  const targets = entry.targets.map(t => `${t.subject} ${t.predicate} ${t.object}`).join("; ");
  if (targets) li.append(el("div", { class: "targets", text: targets + (entry.target_count > entry.targets.length ? ` … (${entry.target_count} claims)` : "") }));
  const change = [entry.before.map(termText).join(", "), entry.after.map(termText).join(", ")];
  if (change[0] || change[1]) li.append(el("div", { class: "change", text: `${change[0] || "∅"} → ${change[1] || "∅"}` }));
  if (!entry.effective) li.append(el("div", { class: "undone-note", text: "reverted" }));
  if (entry.effective && entry.type !== "conflict" && canWrite()) {
    const why = el("input", { class: "why", size: 30, placeholder: "why revert (required)" });
    li.append(el("div", { class: "revert" }, why, " ",
      el("button", { type: "button", class: "revert-button", text: entry.type === "merge" ? "Split" : "Revert",
        onclick: async () => {
          if (!why.value.trim()) { why.focus(); return; }
          try {
            await api(`/api/actions/${entry.key}/revert`, { method: "POST", body: { comment: why.value.trim() }, etag: entry.etag });
            await onRevert();
          } catch (e) { li.append(el("div", { class: "error", text: e.message })); }
        } })));
  }
  return li;
}

async function loadClaimHistory(i) {
  const box = $(".claim-history", cardAt(i));
  const claim = state.items[i];
  const entries = await api(`/api/claims/${claim.key}/history`);
  const refresh = async () => {
    const fresh = await api(`/api/claims/${claim.key}`);
    state.items[i] = fresh;
    cardAt(i).dataset.status = fresh.status;
    cardAt(i).dataset.etag = fresh.etag;
    $(".status", cardAt(i)).textContent = fresh.status;
    await loadClaimHistory(i);
  };
  box.replaceChildren(...(entries.length ? entries.map(e => historyEntry(e, refresh))
    : [el("li", { text: "no curation yet" })]));
}

async function toggleHistory(i) {
  const box = $(".claim-history", cardAt(i));
  box.hidden = !box.hidden;
  if (!box.hidden) {
    try { await loadClaimHistory(i); } catch (e) { say(i, e.message, true); }
  }
}

// ---- history, merge, papers tabs ----------------------------------------

async function loadHistory() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData($("#history-filters"))) if (v) params.set(k, v);
  params.set("limit", "100");
  const list = $("#history");
  try {
    const page = await api("/api/history?" + params);
    $("#history-count").textContent = `${page.total} actions`;
    list.replaceChildren(...page.entries.map(e => historyEntry(e, loadHistory)));
  } catch (e) { list.replaceChildren(el("li", { class: "error", text: e.message })); }
}

async function previewMerge(ev) {
  ev.preventDefault();
  const form = new FormData(ev.target), box = $("#merge-plan");
  try {
    const params = new URLSearchParams({ keep: form.get("keep").trim(), absorb: form.get("absorb").trim() });
    const plan = await api("/api/entities/merge-plan?" + params);
    const why = el("input", { size: 40, placeholder: "why merge (required)" });
    const msg = el("span", { class: "message", role: "status" });
    box.replaceChildren(
      el("p", { text: `Merge “${plan.absorb_label}” into “${plan.keep_label}”: ${plan.moves.length} statements move; aliases kept: ${plan.aliases.join(", ") || "none"}.` }),
      el("ul", {}, ...plan.moves.slice(0, 50).map(m => el("li", { text: `${m.subject} ${m.predicate} ${m.object}` }))),
      why, " ",
      el("button", { type: "button", text: "Merge", onclick: async () => {
        if (!why.value.trim()) { why.focus(); return; }
        try {
          const done = await api("/api/entities/merge", { method: "POST", etag: plan.etag,
            body: { keep: plan.keep, absorb: plan.absorb, comment: why.value.trim() } });
          msg.textContent = `merged by ${done.action.curator}`;
        } catch (e) { msg.textContent = e.message; msg.classList.add("error"); }
      } }), " ", msg);
  } catch (e) { box.replaceChildren(el("p", { class: "error", text: e.message })); }
}

async function splitNode(ev) {
  ev.preventDefault();
  const form = new FormData(ev.target), msg = $(".message", ev.target);
  const iri = form.get("entity").trim();
  try {
    const r = await fetch("/api/entities?iri=" + encodeURIComponent(iri), { headers: authHeaders() });
    if (!r.ok) throw new Error((await r.json()).message);
    const done = await api("/api/entities/split", { method: "POST", etag: r.headers.get("ETag"),
      body: { entity: iri, comment: form.get("comment").trim() } });
    msg.textContent = `split by ${done.action.curator}`; msg.classList.remove("error");
  } catch (e) { msg.textContent = e.message; msg.classList.add("error"); }
}

function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: "Bearer " + token, Accept: "application/json" } : { Accept: "application/json" };
}

async function loadPapers() {
  const list = $("#papers");
  try {
    const papers = await api("/api/curation/papers");
    fillPaperSelects(papers);
    list.replaceChildren(...papers.map(p => paperItem(p, papers)));
  } catch (e) { list.replaceChildren(el("li", { class: "error", text: e.message })); }
}

function paperItem(p, papers) {
  const li = el("li", { "data-paper": p.paper_id },
    el("strong", { text: p.paper_id }), " ", el("span", { text: p.title }),
    el("span", { class: "count", text: ` · ${p.claims} claims` }),
    p.retracted ? el("span", { class: "status", text: p.replaced_by ? " · superseded" : " · retracted" }) : null);
  const msg = el("span", { class: "message", role: "status" });
  const why = el("input", { size: 30, placeholder: "why (required)" });
  const by = el("select", {}, el("option", { value: "", text: "retract" }),
    ...papers.filter(q => q.paper_id !== p.paper_id).map(q => el("option", { value: q.paper_id, text: `superseded by ${q.paper_id}` })));
  const go = async () => {
    if (!why.value.trim()) { why.focus(); return; }
    try {
      const r = await fetch(`/api/papers/${encodeURIComponent(p.paper_id)}`, { headers: authHeaders() });
      const detail = await r.json();
      if (!r.ok) throw new Error(detail.message);
      if (p.retracted) {
        const live = detail.actions.find(a => a.effective);
        await api(`/api/actions/${live.key}/revert`, { method: "POST", etag: live.etag, body: { comment: why.value.trim() } });
      } else {
        await api(`/api/papers/${encodeURIComponent(p.paper_id)}/retract`, { method: "POST", etag: r.headers.get("ETag"),
          body: { comment: why.value.trim(), superseded_by: by.value } });
      }
      await loadPapers();
    } catch (e) { msg.textContent = e.message; msg.classList.add("error"); }
  };
  if (canWrite()) li.append(el("div", {}, p.retracted ? null : by, " ", why, " ",
    el("button", { type: "button", text: p.retracted ? "Restore" : "Apply", onclick: go }), " ", msg));
  return li;
}

function fillPaperSelects(papers) {
  for (const sel of [$("#filters select[name=paper]"), $("#add-form select[name=paper]")]) {
    if (sel.options.length > 1) continue;
    for (const p of papers) sel.append(el("option", { value: p.paper_id, text: p.paper_id }));
  }
}

// ---- add -------------------------------------------------------------------

async function setupAdd() {
  const form = $("#add-form"), pick = $("select[name=predicate]", form);
  if (form.dataset.ready) return;
  form.dataset.ready = "true";
  pick.replaceChildren(...state.predicates.map(p => el("option", { value: p.iri, text: p.label })));
  const slot = $(".value-slot", form);
  const refresh = async () => { slot.replaceChildren(await valueInput(pick.value)); };
  pick.addEventListener("change", refresh);
  if (pick.value) await refresh();
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const data = new FormData(form), msg = $(".message", form);
    try {
      const done = await api("/api/claims", { method: "POST", body: {
        subject: data.get("subject").trim(), predicate: pick.value, object: slot.firstChild.read(),
        comment: data.get("comment").trim(), paper: data.get("paper") } });
      msg.textContent = `added (${done.claims[0]?.key || ""})`; msg.classList.remove("error");
    } catch (e) { msg.textContent = e.message; msg.classList.add("error"); }
  });
}

// ---- wiring ----------------------------------------------------------------

function showTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) b.setAttribute("aria-selected", String(b.dataset.tab === name));
  for (const s of document.querySelectorAll(".tab")) s.hidden = s.id !== "tab-" + name;
  if (name === "history") loadHistory();
  if (name === "papers") loadPapers();
}

function onKey(ev) {
  if (ev.target.closest("input, select, textarea") || ev.ctrlKey || ev.metaKey || ev.altKey) {
    if (ev.key === "Escape") ev.target.blur();
    return;
  }
  if ($("#tab-queue").hidden) return;
  const i = state.current;
  const keys = {
    j: () => select(Math.min(i + 1, state.items.length - 1)),
    k: () => select(Math.max(i - 1, 0)),
    a: () => i >= 0 && accept(i),
    r: () => i >= 0 && reject(i),
    e: () => i >= 0 && openEdit(i),
    h: () => i >= 0 && toggleHistory(i),
    Escape: () => { if (i >= 0) { $(".edit-slot", cardAt(i)).replaceChildren(); $(".claim-history", cardAt(i)).hidden = true; } },
  };
  if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
}

async function loadLists() {
  if (state.predicates.length) return;
  try {
    state.predicates = await api("/api/curation/predicates");
    const pick = $("#filters select[name=predicate]");
    pick.append(...state.predicates.map(p => el("option", { value: p.iri, text: p.label })));
    fillPaperSelects(await api("/api/curation/papers"));
    await setupAdd();
  } catch (e) { state.predicates = []; /* reads may need a token: they load after login */ }
}

async function init() {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of params) {
    const field = $(`#filters [name="${CSS.escape(k)}"]`);
    if (field && field.tagName !== "SELECT") field.value = v;
  }
  $("#login-form").addEventListener("submit", async ev => {
    ev.preventDefault();
    showLoginError("");
    sessionStorage.setItem(TOKEN_KEY, $("#token").value.trim());
    $("#token").value = "";
    await whoami();
    await loadLists();
    await loadQueue();
  });
  $("#logout").addEventListener("click", async () => { sessionStorage.removeItem(TOKEN_KEY); await whoami(); await loadQueue(); });
  $("#filters").addEventListener("submit", ev => { ev.preventDefault(); state.offset = 0; loadQueue(); });
  $("#prev-page").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); loadQueue(); });
  $("#next-page").addEventListener("click", () => { if (state.offset + state.limit < state.total) { state.offset += state.limit; loadQueue(); } });
  $("#history-filters").addEventListener("submit", ev => { ev.preventDefault(); loadHistory(); });
  $("#merge-form").addEventListener("submit", previewMerge);
  $("#split-form").addEventListener("submit", splitNode);
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab));
  document.addEventListener("keydown", onKey);
  await whoami();
  await loadLists();
  for (const [k, v] of params) {
    const field = $(`#filters select[name="${CSS.escape(k)}"]`);
    if (field) { if (![...field.options].some(o => o.value === v)) field.append(el("option", { value: v, text: v })); field.value = v; }
  }
  await loadQueue();
  document.body.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", init);
