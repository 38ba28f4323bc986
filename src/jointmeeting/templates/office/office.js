// The office's page: the same API and token as any other client. The token is asked for once
// and kept in sessionStorage (gone when the tab closes); every text comes from the page's words.
"use strict";
(function () {
  const KEY = "jointmeeting-token";
  const words = JSON.parse(document.getElementById("words").textContent);
  const $ = (id) => document.getElementById(id);
  const status = (text) => { $("status").textContent = text; };
  // Cases whose timeline is shown: every case open when loaded, kept after it is acknowledged
  // so the office sees its acknowledgement land.
  const followed = new Set();

  // "2026-11-30T16:00:00+08:00" -> "2026-11-30 16:00+08:00": the charter's own time, with
  // its offset, as the server gives it (and as the library prints times).
  function when(iso) {
    if (!iso) return words.no_deadline;
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
    return m ? `${m[1]} ${m[2]}${m[3] === "Z" ? "+00:00" : m[3]}` : iso;
  }

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  async function api(method, path) {
    const token = sessionStorage.getItem(KEY);
    const response = await fetch(path, {
      method, headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
    });
    const body = await response.json().catch(() => null);
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      show();
      throw new Error(words.token_refused);
    }
    if (!response.ok) {
      const errors = (body && body.errors) || [];
      throw new Error(errors.map((e) => `${e.code} ${e.message}`).join("; ") || response.status);
    }
    return body.data;
  }

  function waitingCell(item) {
    const list = el("ul", null, { class: "waiting" });
    for (const w of item.waiting) {
      const li = el("li");
      li.append(el("span", `${w.label}（${words.by} ${when(w.deadline)}）`), " ");
      const button = el("button", words.acknowledge, {
        type: "button", "data-step": w.step, "aria-label": `${words.acknowledge}：${w.label}`,
      });
      button.addEventListener("click", () => acknowledge(w.step, w.label));
      li.append(button);
      list.append(li);
    }
    return list;
  }

  async function timeline(id) {
    const events = await api("GET", `/incidents/${id}/timeline`);
    const box = el("section", null, { id: `timeline-${id}` });
    box.append(el("h3", `${words.case} ${id} · ${words.timeline}`));
    const list = el("ol", null, { class: "timeline" });
    for (const e of events) list.append(el("li", `${when(e.at)}  ${words.events[e.event] || e.event}  ${e.detail}`));
    box.append(list);
    return box;
  }

  async function loadCases() {
    const cases = await api("GET", "/incidents?open=true");
    const body = $("cases").querySelector("tbody");
    body.replaceChildren();
    for (const item of cases) {
      followed.add(item.id);
      const row = el("tr", null, { id: `case-${item.id}` });
      row.append(el("td", item.id), el("td", item.rule_name), el("td", item.reporter_name),
                 el("td", when(item.known_at)));
      const due = el("td", when(item.next_deadline), { class: "deadline" });
      if (item.next_deadline && new Date(item.next_deadline) < new Date()) due.classList.add("late");
      row.append(due);
      const cell = el("td");
      cell.append(waitingCell(item));
      row.append(cell);
      body.append(row);
    }
    const boxes = [];
    for (const id of followed) boxes.push(await timeline(id));
    $("timelines").replaceChildren(...boxes);
    $("cases").hidden = cases.length === 0;
    $("no-cases").hidden = cases.length !== 0;
    return cases.length;
  }

  async function acknowledge(step, label) {
    try {
      await api("POST", `/steps/${step}/ack`);
      await loadCases();
      status(`${words.acknowledged}：${label}`);
    } catch (error) {
      status(error.message);
    }
  }

  async function loadReview(year) {
    const data = await api("GET", `/review?year=${encodeURIComponent(year)}`);
    const box = $("review");
    box.replaceChildren(el("p", words.findings_count.replace("{count}", data.findings.length)));
    const list = el("ul");
    for (const f of data.findings) {
      const li = el("li", `${f.code} ${f.message} `);
      li.append(el("span", `〔${f.clause}〕`, { class: "clause" }));
      list.append(li);
    }
    box.append(list);
  }

  async function start() {
    try {
      const count = await loadCases();
      status(words.loaded.replace("{count}", count));
      await loadReview($("year").value);
    } catch (error) {
      status(error.message);
    }
  }

  function show() {
    const signed = Boolean(sessionStorage.getItem(KEY));
    $("login").hidden = signed;
    $("work").hidden = !signed;
  }

  $("login").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, $("token").value.trim());
    $("token").value = "";
    show();
    start();
  });
  $("review-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadReview($("year").value).catch((error) => status(error.message));
  });
  $("logout").addEventListener("click", () => {
    sessionStorage.removeItem(KEY);
    show();
  });
  show();
  if (sessionStorage.getItem(KEY)) start();
})();
