// Progressive enhancement only: every page works without this file.
'use strict';

// Confirmation for small destructive buttons (forms marked data-confirm).
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm))
    event.preventDefault();
});

// Trainee type-ahead: suggestions from /employees/search while typing; choosing one adds a ticked box.
for (const finder of document.querySelectorAll('[data-typeahead]')) {
  const input = finder.querySelector('input[type="search"]');
  const picked = document.getElementById('picked');
  if (!input || !picked) continue;
  const list = document.createElement('ul');
  list.className = 'suggestions';
  list.id = 'trainee-suggestions';
  list.setAttribute('role', 'listbox');
  list.hidden = true;
  input.after(list);
  // Screen readers hear how many suggestions came and who was added (a polite live region).
  const status = document.createElement('p');
  status.className = 'sr-only';
  status.setAttribute('aria-live', 'polite');
  status.id = 'trainee-status';
  finder.append(status);
  const announce = (text) => (status.textContent = text);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');
  let active = -1;
  let timer;
  let controller;

  const close = () => {
    list.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const choose = (employee) => {
    const existing = picked.querySelector(`input[value="${employee.id}"]`);
    if (existing) existing.checked = true;
    else {
      const li = document.createElement('li');
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'traineeIds';
      box.value = String(employee.id);
      box.checked = true;
      const details = document.createElement('span');
      details.className = 'muted';
      details.textContent = `(${employee.details})`;
      label.append(box, ` ${employee.displayName} `, details);
      li.append(label);
      picked.append(li);
    }
    document.getElementById('none-picked')?.remove();
    announce(`Added ${employee.displayName} (${employee.details}) to the trainees.`);
    input.value = '';
    close();
    input.focus();
  };
  const highlight = (index) => {
    const items = list.querySelectorAll('li');
    items.forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    active = index;
    if (items[index]) input.setAttribute('aria-activedescendant', items[index].id);
  };
  const show = (employees, query) => {
    list.replaceChildren();
    employees.forEach((e, i) => {
      const li = document.createElement('li');
      li.id = `suggestion-${i}`;
      li.setAttribute('role', 'option');
      li.textContent = `${e.displayName} (${e.details})`;
      li.addEventListener('mousedown', (ev) => {
        ev.preventDefault();
        choose(e);
      });
      list.append(li);
    });
    list.hidden = employees.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
    list.employees = employees;
    highlight(employees.length ? 0 : -1);
    const n = employees.length;
    announce(
      n === 0
        ? `No employee matches “${query}”.`
        : `${n === 1 ? '1 suggestion' : `${n} suggestions`} for “${query}”: arrow keys to choose, Enter to add.`,
    );
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) return close();
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const res = await fetch(`/employees/search?q=${encodeURIComponent(q)}`, {
          headers: { accept: 'application/json' },
          signal: controller.signal,
        });
        if (res.ok) show((await res.json()).employees, q);
      } catch {
        /* the Find button still works */
      }
    }, 200);
  });
  input.addEventListener('keydown', (event) => {
    const count = list.hidden ? 0 : list.children.length;
    if (event.key === 'ArrowDown' && count) {
      event.preventDefault();
      highlight((active + 1) % count);
    } else if (event.key === 'ArrowUp' && count) {
      event.preventDefault();
      highlight((active - 1 + count) % count);
    } else if (event.key === 'Escape') close();
    else if (event.key === 'Enter') {
      event.preventDefault(); // never submit the whole form from the search box
      if (count && active >= 0) choose(list.employees[active]);
      else finder.querySelector('button[value="find-trainees"]')?.click();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
}

// Signature times: the server writes UTC; add the browser's local time beside it.
for (const time of document.querySelectorAll('time[data-local]')) {
  const at = new Date(time.dateTime);
  if (Number.isNaN(at.getTime())) continue;
  const local = document.createElement('span');
  local.className = 'local-time';
  local.textContent = ` (your time: ${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })})`;
  time.after(local);
}

// Bulk selection: a "select all on this page" box in place of the link, and how many are ticked.
for (const selection of document.querySelectorAll('form#selection')) {
  const boxes = [...document.querySelectorAll('input[name="ids"][form="selection"]')];
  const count = selection.querySelector('[data-selected-count]');
  const all = document.createElement('input');
  all.type = 'checkbox';
  const label = document.createElement('label');
  label.append(all, ' All on this page');
  const update = () => {
    const n = boxes.filter((box) => box.checked).length;
    count.textContent = n === 0 ? 'Tick forms to act on them:' : `${n} selected:`;
    all.checked = n > 0 && n === boxes.length;
    all.indeterminate = n > 0 && n < boxes.length;
  };
  all.addEventListener('change', () => {
    for (const box of boxes) box.checked = all.checked;
    update();
  });
  for (const box of boxes) box.addEventListener('change', update);
  selection.querySelector('a[data-select-all]')?.replaceWith(label);
  update();
}

// Filters: choosing a page size or a type applies at once (without JavaScript, the Search button does).
for (const select of document.querySelectorAll('select[data-auto-submit]'))
  select.addEventListener('change', () => select.form?.requestSubmit());

// On a phone the list's filters fold behind a "Filters" disclosure, open when one is in use (without
// JavaScript, and on wider screens, they show as they are).
if (window.matchMedia('(max-width: 40rem)').matches)
  for (const more of document.querySelectorAll('[data-fold]')) {
    const fold = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = more.dataset.fold;
    fold.className = 'fold';
    fold.open = 'active' in more.dataset;
    more.replaceWith(fold);
    fold.append(summary, more);
  }
