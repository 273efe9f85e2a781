import { CSS as HELP_CSS, esc, publicCsp } from '../render.js';
import { NATIONAL_LINES, PLAN_SECTION_KEYS, PLAN_SECTIONS, sectionHasWords, type PlanContent, type PlanSectionKey } from '../../../shared/plans.js';
import type { CrisisPlanVersion } from '../../db/tables.js';
import type { ServiceLine, ViewLine } from './queries.js';
import type { PersonPage, RecipientPage } from './service.js';
import { MY_PLAN_TEXT as T } from './text.js';

/**
 * The /my-plan pages as plain HTML strings, in the help pages' style: no framework, CSS
 * inline (allowed by its hash), no JavaScript except registering the service worker on the
 * person's own pages. Everything that comes from data is escaped. The person's words keep
 * their line breaks (CSS white-space), nothing else about them is changed.
 */

const PRINT_CSS =
  '.week{display:none}@media print{.live{display:none}.week{display:inline}body{background:#fff;color:#000;font-size:10.5pt;line-height:1.35}.noprint,form,nav{display:none!important}main{max-width:none;padding:0}' +
  'h1{font-size:18pt;margin:0 0 1mm}h2{font-size:12.5pt;margin:0 0 1mm}h3{font-size:10.5pt;margin:1.5mm 0 0}p{margin:0 0 1mm}li{margin:0 0 1mm}ul{margin:0}' +
  'section{border:1px solid #768692;border-radius:0;padding:2mm 4mm;margin:0 0 2.5mm;break-inside:avoid}a{color:#000;text-decoration:none}.meta{color:#000}' +
  '.card{margin:0}@page{size:A4;margin:12mm}}';

export const MY_PLAN_CSS =
  HELP_CSS +
  '.words{white-space:pre-line;overflow-wrap:anywhere}.meta{color:#4c6272}.topline{background:#d5281b;color:#fff;padding:.5rem 1rem;border-radius:4px;margin-top:1rem;font-weight:700}.topline a{color:#fff}' +
  '.draft{border:4px solid #005eb8;background:#e8edee;padding:0 .5rem;margin:1rem 0}.draft>section{margin:.5rem 0}.ok{border-inline-start:6px solid #007f3b;background:#fff;padding:.5rem 1rem}.warn{border-inline-start:6px solid #ffb81c;background:#fff;padding:.5rem 1rem}' +
  '.looked{list-style:none;padding:0}.looked li{border-bottom:1px solid #d8dde0;padding:.25rem 0}dl{margin:0}dt{font-weight:700;margin-top:.5rem}dd{margin:0}' +
  '.secondary{background:#fff;color:#005eb8;border:2px solid #005eb8}.svcline{margin:0 0 .75rem}' +
  // The wallet card: two panels of a bank card's size side by side, cut out and folded in half.
  '.scroll{overflow-x:auto}.card{display:flex;width:171mm;height:54mm;border:1px dashed #000;background:#fff;color:#000;margin:1rem 0}' +
  '.panel{width:85.5mm;height:54mm;padding:2.5mm 3.5mm;font-size:7pt;line-height:1.25;overflow:hidden}.panel+.panel{border-inline-start:1px dotted #000}' +
  '.panel h2{font-size:10pt;margin:0 0 1mm}.panel h3{font-size:7.5pt;margin:1.2mm 0 .3mm}.panel p{margin:0}.panel ul{list-style:none;padding:0;margin:0}.panel li{margin:0}' +
  PRINT_CSS;

/** Registers /my-plan-sw.js for /my-plan and asks it to keep the page it is on. */
export const MY_PLAN_SW_REGISTRATION =
  "addEventListener('load',function(){var s=navigator.serviceWorker;if(s)s.register('/my-plan-sw.js',{scope:'/my-plan'}).then(function(){return s.ready}).then(function(r){r.active&&r.active.postMessage(location.pathname+location.search)}).catch(function(){})})";

export const MY_PLAN_CSP = publicCsp(MY_PLAN_CSS, MY_PLAN_SW_REGISTRATION);

const DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
export const dayOf = (iso: string): string => DATE.format(new Date(iso));
export const timeOf = (iso: string): string => TIME.format(new Date(iso));
const whenOf = (iso: string): string => `${dayOf(iso)}, ${timeOf(iso)}`;

const telHref = (number: string) => `tel:${number.replace(/[^\d+]/g, '')}`;
const words = (value: string) => `<p class="words">${esc(value)}</p>`;

function page(title: string, body: string, options: { script?: boolean } = {}): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${esc(title)}</title><link rel="icon" href="data:,"><style>${MY_PLAN_CSS}</style></head><body><main>${body}</main>` +
    (options.script ? `<script>${MY_PLAN_SW_REGISTRATION}</script>` : '') +
    '</body></html>'
  );
}

const topLine = () => `<p class="topline noprint">${esc(T.dangerNow)} <a href="tel:999">${esc(T.call999)}</a></p>`;

function nationalLines(headingId: string, level = 'h3'): string {
  const items = NATIONAL_LINES.map((l) => {
    const how = 'phone' in l ? `<a href="${telHref(l.phone)}">Call ${esc(l.phone)}</a>` : `<a href="sms:${l.sms}?body=${l.text}">Text ${esc(l.text)} to ${esc(l.sms)}</a>`;
    return `<li><strong>${esc(l.name)}</strong><br>${how} <span class="meta">· ${esc(l.hours)}</span></li>`;
  }).join('');
  return `<${level} id="${headingId}">${esc(T.nationalHeading)}</${level}><ul>${items}</ul>`;
}

function serviceLine(line: ServiceLine | undefined, note: string): string {
  if (!line) return note ? `<li>${words(note)}</li>` : '';
  const call = line.phone ? `<a href="${esc(telHref(line.phone))}">Call ${esc(line.phone)}</a>` : `<span class="meta">${esc(T.noNumber)}</span>`;
  // On screen: open now and today; on paper, where "now" means nothing: the usual week.
  const hours = line.openNow
    ? `<span class="live"><br>${esc(line.openNow)}${line.today ? `. ${esc(line.today)}` : ''}</span><span class="week"><br>${esc(line.week ?? '')}</span>`
    : '';
  return `<li class="svcline"><strong>${esc(line.name)}</strong><br>${call}${hours}${note ? words(note) : ''}</li>`;
}

/** One part of the plan, in the person's words. `prefix` keeps ids unique when a draft is shown too. */
function sectionHtml(key: PlanSectionKey, content: Partial<PlanContent>, services: Map<string, ServiceLine>, prefix: string): string {
  const meta = PLAN_SECTIONS[key];
  const id = `${prefix}${key}`;
  const field = (label: string, value: string) => (value ? `<h3>${esc(label)}</h3>${words(value)}` : '');
  let inner = '';
  switch (key) {
    case 'gettingHarder': {
      const v = content.gettingHarder!;
      inner = field(meta.fields.signs!, v.signs) + field(meta.fields.triggers!, v.triggers);
      break;
    }
    case 'peopleAndPlaces': {
      const v = content.peopleAndPlaces!;
      const people = v.people
        .map((p) => {
          const rel = p.relationship ? ` <span class="meta">(${esc(p.relationship)})</span>` : '';
          const call = p.phone ? `<br><a href="${esc(telHref(p.phone))}">Call ${esc(p.name)} on ${esc(p.phone)}</a>` : '';
          return `<li><strong>${esc(p.name)}</strong>${rel}${call}${p.whenToCall ? words(p.whenToCall) : ''}</li>`;
        })
        .join('');
      inner = (people ? `<h3>${esc(meta.fields.people!)}</h3><ul>${people}</ul>` : '') + field(meta.fields.places!, v.places);
      break;
    }
    case 'fromOthers': {
      const v = content.fromOthers!;
      inner = field(meta.fields.please!, v.please) + field(meta.fields.pleaseDont!, v.pleaseDont);
      break;
    }
    case 'services': {
      const v = content.services!;
      const lines = v.entries.map((e) => serviceLine(services.get(e.directoryEntryId), e.note)).join('');
      inner = (lines ? `<ul>${lines}</ul>` : '') + (v.note ? words(v.note) : '') + nationalLines(`${id}-national`);
      break;
    }
    case 'practical': {
      const v = content.practical!;
      inner = (Object.keys(meta.fields) as (keyof typeof v)[]).map((f) => field(meta.fields[f]!, v[f])).join('');
      break;
    }
    default:
      inner = words(content[key] as string);
  }
  return `<section aria-labelledby="${id}"><h2 id="${id}">${esc(meta.title)}</h2>${inner}</section>`;
}

/** The sections with something written in them, in the plan's order; services always (they carry the national lines). */
function planSections(content: Partial<PlanContent>, services: Map<string, ServiceLine>, prefix: string, allowed: readonly PlanSectionKey[] = PLAN_SECTION_KEYS): string {
  return allowed
    .filter((k) => content[k] !== undefined && (k === 'services' || sectionHasWords(content as PlanContent, k)))
    .map((k) => sectionHtml(k, content, services, prefix))
    .join('');
}

const agreedLine = (v: CrisisPlanVersion) => esc(T.agreedOn(dayOf(v.agreed_at!), Number(v.number), T.agreedHow[v.agreed_how ?? ''] ?? ''));

export interface PersonNotice {
  kind: 'ok' | 'warn';
  text: string;
}

/** The person's own page. */
export function renderPersonPage(d: PersonPage, formToken: string, notice: PersonNotice | null): string {
  const name = d.ctx.personName;
  const hidden = `<input type="hidden" name="token" value="${esc(formToken)}">`;
  const noticeHtml = notice ? `<p class="${notice.kind}" role="status">${esc(notice.text)}</p>` : '';
  const draft = d.draft
    ? `<div class="draft"><section aria-labelledby="draft"><h2 id="draft">${esc(T.draftHeading)}</h2><p>${esc(T.draftIntro)}</p>` +
      `<p class="meta">Version ${Number(d.draft.version.number)}, last changed ${esc(whenOf(d.draft.version.updated_at))}.</p></section>` +
      planSections(d.draft.content, d.services, 'd-') +
      `<section aria-label="${esc(T.agreeButton)}"><form method="post" action="/my-plan/agree">${hidden}` +
      `<input type="hidden" name="number" value="${Number(d.draft.version.number)}"><input type="hidden" name="version" value="${Number(d.draft.version.version)}">` +
      `<button type="submit">${esc(T.agreeButton)}</button></form></section></div>`
    : '';
  const agreed = d.agreed
    ? `<p>${agreedLine(d.agreed.version)}</p>${planSections(d.agreed.content, d.services, '')}`
    : `<p>${esc(T.noAgreedYet)}</p><section aria-labelledby="national">${nationalLines('national', 'h2')}</section>`;
  const looked =
    `<section aria-labelledby="looked"><h2 id="looked">${esc(T.lookedHeading)}</h2>` +
    (d.views.length
      ? `<p>${esc(T.lookedIntro)}</p><ul class="looked">${d.views.map((v) => `<li>${esc(v.who)}<br><span class="meta">${esc(whenOf(v.at))}</span></li>`).join('')}</ul>`
      : `<p>${esc(T.lookedNone)}</p>`) +
    '</section>';
  const keep =
    `<section class="noprint" aria-labelledby="keep"><h2 id="keep">${esc(T.keepHeading)}</h2><p>${esc(T.keepText)}</p>` +
    (d.agreed ? `<p><a href="/my-plan/print?layout=a4">${esc(T.printA4)}</a></p><p><a href="/my-plan/print?layout=wallet">${esc(T.printWallet)}</a></p>` : '') +
    `<h3>${esc(T.forgetHeading)}</h3><p>${esc(T.forgetText)}</p><form method="post" action="/my-plan/forget">${hidden}<button type="submit" class="secondary">${esc(T.forgetButton)}</button></form></section>`;
  const body = `${topLine()}<h1>${esc(T.personTitle)}</h1><p class="meta">${esc(T.personLead(name))}</p>${noticeHtml}${draft}${agreed}${looked}${keep}`;
  return page(T.personTitle, body, { script: true });
}

/** What a recipient sees: the shared parts of the latest agreed version, nothing else. */
export function renderRecipientPage(d: RecipientPage): string {
  const body = d.agreed
    ? `<p>${esc(T.recipientLead(d.ctx.personName, dayOf(d.agreed.version.agreed_at!)))}</p><p class="warn">${esc(T.recipientPrivate)}</p>${planSections(d.agreed.content, d.services, '', d.agreed.sections)}`
    : `<p>${esc(T.recipientNothing)}</p>`;
  const national = d.agreed?.sections.includes('services') ? '' : `<section aria-labelledby="national">${nationalLines('national', 'h2')}</section>`;
  return page(T.recipientTitle, `${topLine()}<h1>${esc(T.recipientTitle)}</h1>${body}${national}`);
}

/** The A4 print layout: the latest agreed version, compact, every part that has words. */
export function renderPrintA4(d: PersonPage, printedAt: string): string {
  const back = `<p class="noprint"><a href="/my-plan">${esc(T.back)}</a></p><p class="noprint">${esc(T.printHelp)}</p>`;
  if (!d.agreed) return page(T.printTitleA4, `<h1>${esc(T.personTitle)}</h1>${back}<p>${esc(T.nothingToPrint)}</p>`, { script: true });
  const body = `<h1>${esc(T.personTitle)}</h1>${back}<p class="meta">${esc(d.ctx.personName)}. ${agreedLine(d.agreed.version)} ${esc(T.printedOn(dayOf(printedAt)))}</p>${planSections(d.agreed.content, d.services, '')}`;
  return page(T.printTitleA4, body, { script: true });
}

const clip = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1).trimEnd()}…` : value);

/** The wallet card: front (what helps, who to call) and back (services and national lines), cut out and folded in half. */
export function renderPrintWallet(d: PersonPage, printedAt: string): string {
  const back = `<p class="noprint"><a href="/my-plan">${esc(T.back)}</a></p><p class="noprint">${esc(T.walletHelp)}</p>`;
  if (!d.agreed) return page(T.printTitleWallet, `<h1>${esc(T.printTitleWallet)}</h1>${back}<p>${esc(T.nothingToPrint)}</p>`, { script: true });
  const c = d.agreed.content;
  const people = c.peopleAndPlaces.people
    .slice(0, 3)
    .map((p) => `<li><strong>${esc(clip(p.name, 30))}</strong>${p.phone ? ` ${esc(p.phone)}` : ''}</li>`)
    .join('');
  const services = c.services.entries
    .map((e) => d.services.get(e.directoryEntryId))
    .filter((l): l is ServiceLine => l !== undefined)
    .slice(0, 3)
    .map((l) => `<li><strong>${esc(clip(l.name, 36))}</strong>${l.phone ? ` ${esc(l.phone)}` : ''}</li>`)
    .join('');
  const national = NATIONAL_LINES.map((l) => `<li>${esc(l.name)}: ${'phone' in l ? esc(l.phone) : `text ${esc(l.text)} to ${esc(l.sms)}`}</li>`).join('');
  const front =
    `<div class="panel"><h2>${esc(T.walletFront)}</h2><p>${esc(clip(d.ctx.personName, 40))}</p>` +
    (c.forMyself ? `<h3>${esc(T.walletForMyself)}</h3><p class="words">${esc(clip(c.forMyself, 170))}</p>` : '') +
    (people ? `<h3>${esc(T.walletPeople)}</h3><ul>${people}</ul>` : '') +
    '</div>';
  const backPanel =
    `<div class="panel">${services ? `<h3>${esc(T.walletServices)}</h3><ul>${services}</ul>` : ''}<h3>${esc(T.walletNational)}</h3><ul>${national}</ul>` +
    `<p class="meta">${esc(T.printedOn(dayOf(printedAt)))}</p></div>`;
  const body = `<h1 class="noprint">${esc(T.printTitleWallet)}</h1>${back}<div class="scroll" tabindex="0" role="region" aria-label="${esc(T.walletRegion)}"><div class="card">${front}${backPanel}</div></div>`;
  return page(T.printTitleWallet, body, { script: true });
}

export interface CodeFormState {
  recipient: boolean;
  error?: string;
  status?: 'paused' | 'limit';
}

/** The page a link opens: enter the code. */
export function renderCodePage(token: string, state: CodeFormState): string {
  const title = state.recipient ? T.openTitleRecipient : T.openTitle;
  const problem = state.error ? `<div class="errs" role="alert"><p>${esc(state.error)}</p></div>` : '';
  const invalid = state.error && !state.status ? ' aria-invalid="true"' : '';
  const body =
    `${topLine()}<h1>${esc(title)}</h1><p>${esc(state.recipient ? T.openIntroRecipient : T.openIntro)}</p>${problem}` +
    `<form method="post" action="/my-plan/open/${esc(token)}"><label for="code">${esc(T.codeLabel)}</label><span class="hint" id="code-hint">${esc(T.codeHint)}</span>` +
    `<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="12" aria-describedby="code-hint"${invalid} required>` +
    `<button type="submit">${esc(T.openButton)}</button></form>` +
    `<section aria-labelledby="national">${nationalLines('national', 'h2')}</section>`;
  return page(title, body);
}

/** A page with a heading, a message and the numbers that matter. */
export function renderMessage(title: string, message: string, options: { backToPlan?: boolean } = {}): string {
  const body =
    `${topLine()}<h1>${esc(title)}</h1><p>${esc(message)}</p>` +
    (options.backToPlan ? `<p><a href="/my-plan">${esc(T.backToPlan)}</a></p>` : '') +
    `<section aria-labelledby="national">${nationalLines('national', 'h2')}</section>`;
  return page(title, body);
}

export type { ViewLine };
