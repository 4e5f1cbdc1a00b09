// The ticket and bug panels' page (Repro Desk). The extension sends the data as JSON; this script builds the
// page from it with createElement and textContent only — never innerHTML — so whatever a ticket holds is shown
// as text. Unsaved values (drafts) live in the webview state (getState/setState): they survive hiding the panel
// and a restart, and a re-render from the desk never overwrites a field being edited. With each draft the page
// keeps what the field held when the person began (its base, the desk's form): a save sends it, and when
// someone else changed the field meanwhile the extension refuses the save and the page shows both values
// (theirs and yours) until the person keeps one. A refused save never drops a draft.
// Plain browser JavaScript (no bundler), loaded under a nonce'd CSP. The ids and classes it gives are what
// the UI tests find (test/e2e/desk.test.ts, test/client/panelScript.test.ts): keep them stable.
// @ts-check
(function () {
  'use strict';
  // @ts-ignore acquireVsCodeApi is given by VS Code to webviews.
  const vscode = acquireVsCodeApi();
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  const kind = document.body.dataset.kind === 'bug' ? 'bug' : 'ticket';

  /** @type {any} */
  let view; // the last `state` message: data, strings, labels, specs, flags
  const saved = vscode.getState() || {};
  /** @type {Record<string, string>} */
  let drafts = isPlainObject(saved.drafts) ? { ...saved.drafts } : {};
  /** What each drafted field held in the desk when its draft began (the desk's form: '' for not set). */
  /** @type {Record<string, string>} */
  let bases = isPlainObject(saved.bases) ? { ...saved.bases } : {};
  /** Saves refused because someone changed the field meanwhile: theirs, yours, who and when, by field. */
  /** @type {Record<string, {theirs: string|null, yours: string|null, by: string|null, at: string}>} */
  const conflicts = {};
  /** Messages shown next to fields and sections (errors and "Saved."), kept across re-renders. */
  /** @type {Record<string, {text: string, error: boolean}>} */
  const notes = {};
  /** What a Run from this panel gave, by script path, until the desk records it. */
  /** @type {Record<string, string>} */
  const ran = {};
  let draftTimer = 0;

  function isPlainObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  // ---- building elements (text only) ----

  /**
   * An element with attributes and children; strings become text nodes. Attribute values are set with
   * setAttribute or as properties, never parsed as markup.
   * @param {string} tag
   * @param {Record<string, any>} [attributes]
   * @param {...any} children
   */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = String(value);
      else if (name === 'value' || name === 'disabled' || name === 'selected' || name === 'hidden') /** @type {any} */ (node)[name] = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  const t = (id, ...args) => {
    const text = (view && view.strings[id]) || id;
    return text.replace(/\{(\d+)\}/g, (_, i) => (args[Number(i)] === undefined ? '' : String(args[Number(i)])));
  };
  const label = (value) => (value && view && view.labels[value]) || value || '';
  /** Long values (a description's before and after) are cut in the timeline; the field itself holds them whole. */
  const clip = (text) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
  const when = (iso) => {
    if (!iso) return '';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(document.documentElement.lang || undefined);
  };

  // ---- drafts ----

  function persist() {
    vscode.setState({ kind, key: view ? view.data.key : saved.key, drafts, bases });
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => vscode.postMessage({ type: 'drafts', drafts }), 250);
  }

  /** The value the desk holds for a field, as its input shows it. */
  function stored(field) {
    const value = view.data.fields[field];
    if (field === 'callbackDue') return toLocalInput(value);
    if (field === 'noteVisibility') return 'private';
    return value === undefined || value === null ? '' : String(value);
  }

  function current(field) {
    return Object.prototype.hasOwnProperty.call(drafts, field) ? drafts[field] : stored(field);
  }

  const has = (object, field) => Object.prototype.hasOwnProperty.call(object, field);

  /** The desk's value of a field, as the extension sent it ('' for not set). */
  function raw(field) {
    const value = view.data.fields[field];
    return value === undefined || value === null ? '' : String(value);
  }

  function setDraft(field, value) {
    if (value === stored(field)) forget(field);
    else {
      // The base is taken when the draft begins, not at the save: the desk may change in between.
      if (!has(bases, field) && has(view.data.fields, field)) bases[field] = raw(field);
      drafts[field] = value;
    }
    delete notes[field];
    persist();
    markDirty(field);
  }

  /** The field is no longer edited: its draft, base and conflict go. */
  function forget(field) {
    delete drafts[field];
    delete bases[field];
    delete conflicts[field];
  }

  function dropDraft(field) {
    forget(field);
    persist();
  }

  function markDirty(field) {
    const row = document.getElementById(`row-${field}`);
    if (!row) return;
    const dirty = Object.prototype.hasOwnProperty.call(drafts, field);
    row.classList.toggle('dirty', dirty);
    for (const button of row.querySelectorAll('button.save, button.revert')) /** @type {HTMLButtonElement} */ (button).hidden = !dirty;
    const note = document.getElementById(`note-${field}`);
    if (note && !notes[field]) note.textContent = dirty ? t('unsaved') : '';
  }

  // ---- dates: the desk keeps UTC ISO times; datetime-local inputs show local time ----

  function toLocalInput(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    const pad = (n) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }

  // ---- validation: the same rules as the extension's (client/src/desk/panels/messages.ts) ----

  /** @returns {{ok: true, value: string|null} | {ok: false, message: string}} */
  function check(field, raw) {
    const spec = view.specs[field];
    if (!spec) return { ok: true, value: raw };
    let value = spec.kind === 'text' && spec.multiline ? raw : raw.trim();
    if (spec.kind === 'datetime') {
      if (!value) return spec.nullable ? { ok: true, value: null } : { ok: false, message: t('required') };
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? { ok: false, message: t('badDate') } : { ok: true, value: date.toISOString() };
    }
    if (!value.trim()) {
      if (spec.kind === 'text' && spec.required) return { ok: false, message: t('required') };
      if (spec.nullable) return { ok: true, value: null };
      if (spec.kind === 'text' || spec.kind === 'list') return { ok: true, value };
      return { ok: false, message: t('required') };
    }
    if ((spec.kind === 'text' || spec.kind === 'url' || spec.kind === 'list') && value.length > spec.max) return { ok: false, message: t('tooLong', spec.max) };
    if (spec.kind === 'url' && !/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(value)) return { ok: false, message: t('badUrl') };
    if (spec.kind === 'login' && !/^[\w.@-]{1,100}$/.test(value)) return { ok: false, message: t('badLogin') };
    return { ok: true, value };
  }

  function showNote(target, text, error) {
    if (text) notes[target] = { text, error };
    else delete notes[target];
    const node = document.getElementById(`note-${target}`);
    if (!node) return;
    node.textContent = text || '';
    node.classList.toggle('error', Boolean(error));
    const row = document.getElementById(`row-${target}`);
    if (row) row.classList.toggle('invalid', Boolean(error));
  }

  // ---- actions ----

  /** An edit message, with the field's base when the page knows it (a draft from before bases has none). */
  function editMessage(field, value) {
    return has(bases, field) ? { type: 'edit', field, value, base: bases[field] } : { type: 'edit', field, value };
  }

  function save(field) {
    const checked = check(field, current(field));
    if (!checked.ok) return showNote(field, checked.message, true);
    if (!Object.prototype.hasOwnProperty.call(drafts, field)) return;
    showNote(field, t('saving'), false);
    vscode.postMessage(editMessage(field, checked.value));
  }

  function clearField(field) {
    if (!has(bases, field)) bases[field] = raw(field);
    drafts[field] = '';
    persist();
    showNote(field, t('saving'), false);
    vscode.postMessage(editMessage(field, null));
  }

  /** Keep mine: saved again over theirs, knowingly (the base is now what they saved). */
  function keepMine(field) {
    const conflict = conflicts[field];
    if (!conflict) return;
    bases[field] = conflict.theirs === null ? '' : conflict.theirs;
    delete conflicts[field];
    persist();
    render();
    if (field === 'status') applyStatus();
    else save(field);
  }

  /** Take theirs: the draft goes, the field shows the desk's value. */
  function takeTheirs(field) {
    revert(field);
    render();
  }

  function revert(field) {
    dropDraft(field);
    showNote(field, '', false);
    const input = /** @type {HTMLInputElement|null} */ (document.getElementById(`field-${field}`));
    if (input) input.value = stored(field);
    markDirty(field);
    if (field === 'status') render();
  }

  function applyStatus() {
    const status = current('status');
    const resolution = current('resolution');
    if (status === view.data.fields.status) return;
    if (status === 'resolved' && !resolution) return showNote('status', t('needsResolution'), true);
    /** @type {Record<string, string>} */
    const message = { type: 'changeStatus', status };
    if (has(bases, 'status')) message.base = bases.status;
    if (status === 'resolved') message.resolution = resolution;
    if (kind === 'bug' && status === 'resolved' && current('fixedIn').trim()) message.fixedIn = current('fixedIn').trim();
    showNote('status', t('saving'), false);
    vscode.postMessage(message);
  }

  function addNote() {
    const body = current('noteBody');
    if (!body.trim()) return showNote('note', t('emptyNote'), true);
    showNote('note', t('saving'), false);
    vscode.postMessage({ type: 'addNote', body, visibility: current('noteVisibility') === 'public' ? 'public' : 'private' });
  }

  function linkBug() {
    const key = current('linkBugKey').trim();
    if (!/^[A-Za-z][A-Za-z0-9]{0,9}-[1-9][0-9]*$/.test(key)) return showNote('linkBug', t('badKey'), true);
    showNote('linkBug', t('saving'), false);
    vscode.postMessage({ type: 'linkBug', key });
  }

  /** Keys: Enter saves a single-line field or a choice, Ctrl+Enter a multi-line one, Escape reverts. */
  function keys(field, multiline, commit) {
    return (/** @type {KeyboardEvent} */ event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        revert(field);
      } else if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        commit();
      }
    };
  }

  // ---- the page ----

  function fieldRow(field, control, extra) {
    const spec = view.specs[field] || {};
    const hint = spec.kind === 'text' && spec.multiline ? t('multiLineHint') : spec.kind === 'choice' || spec.kind === 'login' || spec.kind === 'contact' ? t('choiceHint') : t('singleLineHint');
    const dirty = Object.prototype.hasOwnProperty.call(drafts, field);
    const note = notes[field];
    return el(
      'div',
      { class: `field field-${spec.kind || 'custom'}${dirty ? ' dirty' : ''}${note && note.error ? ' invalid' : ''}`, id: `row-${field}` },
      el('label', { for: `field-${field}`, text: t(field) }),
      el(
        'div',
        { class: 'control' },
        control,
        extra,
        el('button', { type: 'button', class: 'save', hidden: !dirty, onclick: () => (field === 'status' ? applyStatus() : save(field)), text: t('save') }),
        el('button', { type: 'button', class: 'revert secondary', hidden: !dirty, onclick: () => revert(field), text: t('revert') }),
      ),
      el('div', { class: 'hint', id: `hint-${field}`, text: field === 'reproducibility' ? t('reproducibilityHint') : field === 'affectedVersions' ? t('listHint') : hint }),
      el('div', { class: `field-note${note && note.error ? ' error' : ''}`, id: `note-${field}`, role: 'status', 'aria-live': 'polite', text: note ? note.text : dirty ? t('unsaved') : '' }),
      conflicts[field] ? conflictBox(field, conflicts[field]) : null,
    );
  }

  /** A value of a field as people read it: a label, a name, a local time; "not set" for nothing. */
  function readable(field, value) {
    if (value === null || value === undefined || value === '') return t('notSet');
    const spec = view.specs[field] || {};
    if (field === 'status' || spec.kind === 'choice') return label(value);
    if (spec.kind === 'datetime') return when(value);
    if (spec.kind === 'contact') {
      const contact = view.data.options.contacts.find((c) => String(c.id) === String(value));
      return contact ? contact.name : String(value);
    }
    if (spec.kind === 'login') return person(value);
    return String(value);
  }

  /** A login with the staff member's name, when the desk knows it. */
  function person(login) {
    const member = view.data.options.staff.find((s) => s.login === login);
    return member ? `${member.name} (${login})` : login;
  }

  /** Both values of a refused save, and the two ways out: keep mine (save over theirs) or take theirs. */
  function conflictBox(field, conflict) {
    return el(
      'div',
      { class: 'conflict', id: `conflict-${field}`, role: 'group', 'aria-labelledby': `conflict-${field}-what` },
      el('p', { class: 'conflict-what', id: `conflict-${field}-what`, text: conflict.by ? t('conflictBy', person(conflict.by), when(conflict.at)) : t('conflictAt', when(conflict.at)) }),
      el(
        'dl',
        { class: 'conflict-values' },
        el('dt', { text: t('theirs') }),
        el('dd', { class: 'conflict-theirs', id: `conflict-${field}-theirs`, text: readable(field, conflict.theirs) }),
        el('dt', { text: t('yours') }),
        el('dd', { class: 'conflict-yours', id: `conflict-${field}-yours`, text: readable(field, conflict.yours) }),
      ),
      el(
        'div',
        { class: 'control' },
        el('button', { type: 'button', class: 'keep-mine', id: `keep-mine-${field}`, onclick: () => keepMine(field), text: t('keepMine') }),
        el('button', { type: 'button', class: 'take-theirs secondary', id: `take-theirs-${field}`, onclick: () => takeTheirs(field), text: t('takeTheirs') }),
      ),
    );
  }

  function input(field, attributes) {
    const spec = view.specs[field] || {};
    const multiline = spec.kind === 'text' && spec.multiline;
    const common = {
      id: `field-${field}`,
      name: field,
      'aria-describedby': `hint-${field} note-${field}`,
      oninput: (/** @type {Event} */ e) => setDraft(field, /** @type {HTMLInputElement} */ (e.target).value),
      onkeydown: keys(field, multiline, () => save(field)),
      ...attributes,
    };
    if (multiline) {
      const area = el('textarea', { ...common, rows: field === 'description' ? 5 : 3, maxlength: spec.max, spellcheck: 'true' });
      area.value = current(field);
      return area;
    }
    const box = el('input', { type: spec.kind === 'url' ? 'url' : spec.kind === 'datetime' ? 'datetime-local' : 'text', maxlength: spec.max, ...common });
    box.value = current(field);
    return box;
  }

  /** @param {{value: string, text: string}[]} options */
  function select(field, options, commit) {
    const value = current(field);
    const node = el(
      'select',
      {
        id: `field-${field}`,
        name: field,
        'aria-describedby': `hint-${field} note-${field}`,
        onchange: (/** @type {Event} */ e) => {
          setDraft(field, /** @type {HTMLSelectElement} */ (e.target).value);
          if (field === 'status') render();
        },
        onkeydown: keys(field, false, commit || (() => save(field))),
      },
      options.map((o) => el('option', { value: o.value, selected: o.value === value, text: o.text })),
    );
    /** @type {HTMLSelectElement} */ (node).value = value;
    return node;
  }

  function choices(values, nullable) {
    return [...(nullable ? [{ value: '', text: t('notSet') }] : []), ...values.map((v) => ({ value: v, text: label(v) }))];
  }

  function datalist(id, values) {
    return el('datalist', { id }, values.map((v) => el('option', { value: v })));
  }

  /** The control of one field, by the kind of its value. */
  function control(field) {
    const spec = view.specs[field];
    const options = view.data.options;
    if (field === 'status') return statusRow();
    if (spec.kind === 'choice') return fieldRow(field, select(field, choices(spec.values, spec.nullable)));
    if (spec.kind === 'login') {
      const staff = options.staff.map((s) => ({ value: s.login, text: `${s.name} (${s.login})` }));
      const known = staff.some((s) => s.value === current(field));
      const extra = known || !current(field) ? [] : [{ value: current(field), text: current(field) }];
      return fieldRow(field, select(field, [...(spec.nullable || !current(field) ? [{ value: '', text: t('notSet') }] : []), ...extra, ...staff]));
    }
    if (spec.kind === 'contact') {
      const contacts = options.contacts.map((c) => ({ value: String(c.id), text: [c.name, c.phone, c.email].filter(Boolean).join(' · ') }));
      return fieldRow(field, select(field, [{ value: '', text: t('notSet') }, ...contacts]));
    }
    if (spec.kind === 'datetime') {
      return fieldRow(field, input(field), el('button', { type: 'button', class: 'clear secondary', id: `clear-${field}`, disabled: !view.data.fields[field], onclick: () => clearField(field), text: t('clear') }));
    }
    const lists = { product: options.products, component: options.components, reportedVersion: options.versions, affectedVersions: options.versions };
    if (lists[field]) return fieldRow(field, [input(field, { list: `list-${field}` }), datalist(`list-${field}`, lists[field])]);
    return fieldRow(field, input(field));
  }

  /** The status, with only the moves the workflow allows, and what a move needs (a resolution; a version). */
  function statusRow() {
    const data = view.data;
    const status = current('status');
    const resolving = status === 'resolved' && data.fields.status !== 'resolved';
    const resolutions = kind === 'ticket' ? view.vocabulary.ticketResolutions : view.vocabulary.bugResolutions;
    const parts = [select('status', data.options.statuses.map((s) => ({ value: s, text: label(s) })), applyStatus)];
    if (resolving || data.fields.resolution) {
      parts.push(
        el('label', { for: 'field-resolution', class: 'inline', text: t('resolution') }),
        resolving
          ? select('resolution', [{ value: '', text: t('notSet') }, ...resolutions.map((r) => ({ value: r, text: label(r) }))], applyStatus)
          : el('span', { id: 'field-resolution', class: 'value', text: label(data.fields.resolution) }),
      );
    }
    if (kind === 'bug' && (resolving || data.fields.fixedIn)) {
      const fixed = resolving ? input('fixedIn', { list: 'list-fixedIn', onkeydown: keys('fixedIn', false, applyStatus) }) : el('span', { id: 'field-fixedIn', class: 'value', text: data.fields.fixedIn });
      parts.push(el('label', { for: 'field-fixedIn', class: 'inline', text: t('fixedIn') }), fixed, resolving ? datalist('list-fixedIn', data.options.versions) : null);
    }
    return fieldRow('status', parts);
  }

  function section(id, title, ...children) {
    return el('section', { class: 'section', id: `section-${id}`, 'aria-labelledby': `heading-${id}` }, el('h2', { id: `heading-${id}`, text: title }), ...children);
  }

  function header() {
    const data = view.data;
    const info = data.info;
    const name = kind === 'ticket' ? data.fields.subject : data.fields.title;
    const facts = [t('createdBy', when(info.createdAt), info.createdBy), t('updated', when(info.updatedAt))];
    if (info.firstResponseAt) facts.push(t('firstResponse', when(info.firstResponseAt)));
    if (info.resolvedAt) facts.push(t('resolvedAt', when(info.resolvedAt)));
    if (info.closedAt) facts.push(t('closedAt', when(info.closedAt)));
    if (info.reopenCount) facts.push(t('reopened', info.reopenCount));
    const badges = kind === 'ticket' ? [['status', data.fields.status], ['priority', data.fields.priority], ['severity', data.fields.severity]] : [['status', data.fields.status], ['severity', data.fields.severity], ['reproducibility', data.fields.reproducibility]];
    const banners = [];
    if (view.readOnly) banners.push(el('p', { class: 'banner warning', id: 'banner-readonly', text: t('readOnly', view.readOnly) }));
    if (!view.trusted) banners.push(el('p', { class: 'banner', id: 'banner-untrusted', text: t('untrusted') }));
    return el(
      'header',
      { id: 'header' },
      el('h1', { id: 'title', text: `${data.key}: ${name}` }),
      el('div', { class: 'badges' }, badges.map(([what, value]) => el('span', { class: `badge badge-${what} value-${value}`, id: `badge-${what}`, title: t(what), text: label(value) }))),
      el('p', { class: 'info', id: 'info', text: facts.join(' · ') }),
      banners,
      el(
        'div',
        { class: 'actions' },
        el('button', { type: 'button', id: 'generate-report', class: 'secondary', onclick: () => vscode.postMessage({ type: 'generateReport' }), text: t('generateReport') }),
        kind === 'bug' ? el('button', { type: 'button', id: 'verify-fix', disabled: !view.trusted, onclick: () => vscode.postMessage({ type: 'verifyFix' }), text: t('verifyFix') }) : null,
        kind === 'bug' ? el('button', { type: 'button', id: 'hand-to-tracker', class: 'secondary', onclick: () => vscode.postMessage({ type: 'handToTracker' }), text: t('handToTracker') }) : null,
      ),
      el('div', { class: 'field-note', id: 'note-actions', role: 'status', 'aria-live': 'polite', text: notes.actions ? notes.actions.text : '' }),
    );
  }

  function scripts() {
    const rows = view.data.scripts;
    const list = rows.length
      ? el(
          'ul',
          { class: 'scripts' },
          rows.map((s, i) => {
            // The interval says how much the runs measured (one run: 21–100%); none without a conclusive run.
            const outcome = !s.lastOutcome
              ? t('neverRun')
              : s.interval
                ? t('lastRun', label(`outcome:${s.lastOutcome}`), s.reproducedRuns, s.conclusiveRuns, when(s.lastRunAt), s.interval)
                : t('lastRunInconclusive', label(`outcome:${s.lastOutcome}`), when(s.lastRunAt));
            return el(
              'li',
              { class: `script${s.inWorkspace ? '' : ' missing'}`, id: `script-${i}`, 'data-path': s.path },
              el('span', { class: 'script-path', text: s.title ? `${s.path} — ${s.title}` : s.path }),
              el('span', { class: `outcome outcome-${s.lastOutcome || 'none'}`, text: outcome }),
              ran[s.path] ? el('span', { class: 'ran', text: ran[s.path] }) : null,
              s.inWorkspace ? null : el('span', { class: 'script-missing', text: t('notInWorkspace', s.path) }),
              el(
                'span',
                { class: 'buttons' },
                el('button', {
                  type: 'button',
                  class: 'run',
                  disabled: !s.inWorkspace || !view.trusted,
                  'aria-label': `${t('run')} ${s.path}`,
                  onclick: () => {
                    ran[s.path] = t('running');
                    render();
                    vscode.postMessage({ type: 'runScript', path: s.path });
                  },
                  text: t('run'),
                }),
                el('button', { type: 'button', class: 'open-script secondary', disabled: !s.inWorkspace, 'aria-label': `${t('openScript')} ${s.path}`, onclick: () => vscode.postMessage({ type: 'openScript', path: s.path }), text: t('openScript') }),
              ),
            );
          }),
        )
      : el('p', { class: 'empty', text: t('noScripts') });
    return section('scripts', t('scripts'), list, el('div', { class: 'field-note', id: 'note-scripts', role: 'status', 'aria-live': 'polite', text: notes.scripts ? notes.scripts.text : '' }));
  }

  function bugs() {
    const rows = view.data.bugs;
    const list = rows.length
      ? el(
          'ul',
          { class: 'bugs' },
          rows.map((b) =>
            el(
              'li',
              { class: 'bug', 'data-key': b.key },
              el('button', { type: 'button', class: 'link bug-link', onclick: () => vscode.postMessage({ type: 'openBug', key: b.key }), text: `${b.key}: ${b.title}` }),
              el('span', { class: `badge value-${b.status}`, text: label(b.status) }),
              el('span', { class: 'meta', text: [label(b.linkType), b.developer].filter(Boolean).join(' · ') }),
              el('button', { type: 'button', class: 'unlink secondary', 'aria-label': `${t('unlink')} ${b.key}`, onclick: () => vscode.postMessage({ type: 'unlinkBug', key: b.key }), text: t('unlink') }),
            ),
          ),
        )
      : el('p', { class: 'empty', text: t('noBugs') });
    const keyInput = el('input', {
      type: 'text',
      id: 'link-bug-key',
      placeholder: t('bugKeyPlaceholder'),
      'aria-label': t('bugKeyPlaceholder'),
      'aria-describedby': 'note-linkBug',
      oninput: (/** @type {Event} */ e) => setDraft('linkBugKey', /** @type {HTMLInputElement} */ (e.target).value),
      onkeydown: keys('linkBugKey', false, linkBug),
    });
    /** @type {HTMLInputElement} */ (keyInput).value = current('linkBugKey');
    return section(
      'bugs',
      t('bugs'),
      list,
      el('div', { class: 'control', id: 'row-linkBugKey' }, keyInput, el('button', { type: 'button', id: 'link-bug', onclick: linkBug, text: t('linkBug') })),
      el('div', { class: `field-note${notes.linkBug && notes.linkBug.error ? ' error' : ''}`, id: 'note-linkBug', role: 'status', 'aria-live': 'polite', text: notes.linkBug ? notes.linkBug.text : '' }),
    );
  }

  function tickets() {
    const rows = view.data.tickets;
    const list = rows.length
      ? el(
          'ul',
          { class: 'tickets' },
          rows.map((tk) =>
            el(
              'li',
              { class: 'ticket', 'data-key': tk.key },
              el('button', { type: 'button', class: 'link ticket-link', onclick: () => vscode.postMessage({ type: 'openTicket', key: tk.key }), text: `${tk.key}: ${tk.subject}` }),
              el('span', { class: `badge value-${tk.status}`, text: label(tk.status) }),
              el('span', { class: 'meta', text: [label(tk.linkType), tk.organization].filter(Boolean).join(' · ') }),
            ),
          ),
        )
      : el('p', { class: 'empty', text: t('noTickets') });
    return section('tickets', t('tickets'), list);
  }

  function documents() {
    const rows = view.data.documents;
    const list = rows.length
      ? el(
          'ul',
          { class: 'documents' },
          rows.map((d) =>
            el(
              'li',
              { class: `document value-${d.status}`, 'data-id': d.id },
              el('span', { class: 'document-kind', text: label(d.kind) }),
              d.number ? el('span', { class: 'document-number', text: d.number }) : null,
              el('span', { class: 'document-title', text: d.title }),
              el('span', { class: `badge value-${d.status}`, text: label(d.status) }),
              el('span', { class: 'meta', text: when(d.issuedAt || d.createdAt) }),
            ),
          ),
        )
      : el('p', { class: 'empty', text: t('noDocuments') });
    return section('documents', t('documents'), list);
  }

  function noteForm() {
    const body = el('textarea', {
      id: 'note-body',
      rows: 3,
      placeholder: t('notePlaceholder'),
      'aria-label': t('addNote'),
      'aria-describedby': 'hint-note note-note',
      oninput: (/** @type {Event} */ e) => setDraft('noteBody', /** @type {HTMLTextAreaElement} */ (e.target).value),
      onkeydown: keys('noteBody', true, addNote),
    });
    /** @type {HTMLTextAreaElement} */ (body).value = current('noteBody');
    const visibility = el(
      'select',
      { id: 'note-visibility', 'aria-label': t('visibility'), onchange: (/** @type {Event} */ e) => setDraft('noteVisibility', /** @type {HTMLSelectElement} */ (e.target).value) },
      el('option', { value: 'private', text: t('privateNote') }),
      el('option', { value: 'public', text: t('publicNote') }),
    );
    /** @type {HTMLSelectElement} */ (visibility).value = current('noteVisibility');
    return section(
      'note',
      t('addNote'),
      body,
      el('div', { class: 'control' }, visibility, el('button', { type: 'button', id: 'note-add', onclick: addNote, text: t('addNoteButton') })),
      el('div', { class: 'hint', id: 'hint-note', text: t('multiLineHint') }),
      el('div', { class: `field-note${notes.note && notes.note.error ? ' error' : ''}`, id: 'note-note', role: 'status', 'aria-live': 'polite', text: notes.note ? notes.note.text : '' }),
    );
  }

  /** The field a change-log entry names, as the label people read. */
  const CHANGE_FIELDS = { callback_due: 'callbackDue', fixed_in_version: 'fixedIn', affected_versions: 'affectedVersions', external_key: 'externalKey', external_url: 'externalUrl', closing_act: 'closingAct' };

  function timeline() {
    const { entries, total } = view.data.timeline;
    const list = entries.length
      ? el(
          'ol',
          { class: 'timeline', reversed: true },
          entries.map((e) => {
            let what;
            let body = e.text;
            if (e.kind === 'change' && e.what === 'created') {
              what = t('created');
              body = '';
            } else if (e.kind === 'change') {
              const field = CHANGE_FIELDS[e.what] || e.what;
              what = t('changed', view.strings[field] ? t(field) : field, e.before === null || e.before === undefined ? t('notSet') : clip(label(e.before)), e.after === null || e.after === undefined ? t('notSet') : clip(label(e.after)));
              body = '';
            } else if (e.kind === 'run') {
              what = label(`outcome:${e.what}`);
            } else {
              what = String(e.what).split(' ').map(label).join(' · ');
            }
            return el(
              'li',
              { class: `entry entry-${e.kind}` },
              el('div', { class: 'entry-head' }, el('span', { class: 'entry-kind', text: t(`kind_${e.kind}`) }), el('span', { class: 'entry-what', text: what }), el('span', { class: 'meta', text: `${when(e.at)} · ${e.by}` })),
              body ? el('div', { class: 'entry-text', text: body }) : null,
            );
          }),
        )
      : el('p', { class: 'empty', text: t('noTimeline') });
    return section(
      'timeline',
      t('timeline'),
      list,
      total > entries.length ? el('p', { class: 'meta', id: 'timeline-count', text: t('timelineCount', entries.length, total) }) : null,
      total > entries.length ? el('button', { type: 'button', id: 'timeline-more', class: 'secondary', onclick: () => vscode.postMessage({ type: 'showMore' }), text: t('showMore') }) : null,
    );
  }

  const LAYOUT = {
    ticket: [
      ['details', ['subject', 'type', 'priority', 'severity', 'channel', 'description', 'steps', 'expected', 'actual', 'environment']],
      ['customer', ['organization', 'contact']],
      ['work', ['status', 'assignee', 'callbackDue', 'product', 'component', 'reportedVersion']],
    ],
    bug: [
      ['details', ['title', 'severity', 'description']],
      ['work', ['status', 'developer', 'reproducibility', 'product', 'component', 'affectedVersions', 'externalKey', 'externalUrl']],
    ],
  };

  function page() {
    if (view.gone) return [el('h1', { id: 'title', text: view.key }), el('p', { class: 'banner warning', id: 'banner-gone', text: t('gone', view.key) })];
    const sections = LAYOUT[kind].map(([id, fields]) => section(id, t(id), fields.map(control)));
    return [header(), ...sections, kind === 'ticket' ? bugs() : tickets(), scripts(), documents(), noteForm(), timeline()];
  }

  /** Draws the page again, keeping focus, the caret and the scroll position where they were. */
  function render() {
    const active = /** @type {HTMLInputElement|null} */ (document.activeElement);
    const focusId = active && active.id;
    const selection = active && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : undefined;
    const scroll = window.scrollY;
    app.replaceChildren(...page());
    app.removeAttribute('aria-busy');
    if (focusId) {
      const again = /** @type {HTMLInputElement|null} */ (document.getElementById(focusId));
      if (again) {
        again.focus();
        if (selection && typeof again.setSelectionRange === 'function') {
          try {
            again.setSelectionRange(selection[0], selection[1]);
          } catch {
            // Inputs of some types (datetime-local) have no selection.
          }
        }
      }
    }
    window.scrollTo(0, scroll);
  }

  // ---- messages from the extension ----

  const HANDLERS = {
    state(message) {
      const first = !view;
      view = message;
      if (first && isPlainObject(message.restoredDrafts)) drafts = { ...message.restoredDrafts, ...drafts };
      if (first && isPlainObject(message.restoredBases)) bases = { ...message.restoredBases, ...bases };
      // A draft equal to what the desk now holds is no longer a draft.
      if (!message.gone) for (const field of Object.keys(drafts)) if (view.data.fields[field] !== undefined && drafts[field] === stored(field)) forget(field);
      for (const field of Object.keys(bases)) if (!has(drafts, field)) delete bases[field];
      vscode.setState({ kind, key: message.key, drafts, bases });
      render();
      const title = document.getElementById('title');
      // What was drawn, for the tests and the log: the title's text, and how many script and image elements the
      // content holds (none: data never becomes elements).
      vscode.postMessage({ type: 'rendered', version: message.version, title: title ? title.textContent || '' : '', scripts: app.querySelectorAll('script').length, images: app.querySelectorAll('img').length, drafts });
    },
    result(message) {
      const target = message.target;
      if (message.ok) {
        // The value is in the desk: the draft is done with.
        const done = { note: ['noteBody'], linkBug: ['linkBugKey'], status: ['status', 'resolution', 'fixedIn'] }[target] || [target];
        for (const field of done) forget(field);
        persist();
      }
      const conflict = !message.ok && isPlainObject(message.conflict) && has(drafts, target) ? message.conflict : undefined;
      if (conflict) {
        // Someone changed the field meanwhile: the draft stays, and both values are shown to choose from.
        conflicts[target] = conflict;
        showNote(target, t('conflictNote'), true);
        render();
        return;
      }
      showNote(target, message.message || (message.ok ? t('saved') : ''), !message.ok);
      if (message.ok) render();
    },
    ran(message) {
      ran[message.path] = message.text;
      render();
    },
  };

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!isPlainObject(message) || typeof message.type !== 'string' || !Object.prototype.hasOwnProperty.call(HANDLERS, message.type)) return;
    HANDLERS[message.type](message);
  });

  vscode.postMessage({ type: 'ready' });
})();
