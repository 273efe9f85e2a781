import type { When } from '../hours.js';
import type { HelpText } from './types.js';

/**
 * Polish (polski). AWAITING REVIEW by native speakers from the community: a first
 * translation of en.ts, marked as such on the page in Polish and in English.
 */
const ON_WEEKDAY = ['w poniedziałek', 'we wtorek', 'w środę', 'w czwartek', 'w piątek', 'w sobotę', 'w niedzielę'];
const MONTHS = ['stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia'];

const dayWords = (w: When): string =>
  w.day === 'today' ? 'dziś' : w.day === 'tomorrow' ? 'jutro' : w.day === 'this-week' ? ON_WEEKDAY[w.weekday]! : `${w.date} ${MONTHS[w.month]}`;

export const pl: HelpText = {
  lang: 'pl',
  dir: 'ltr',
  name: 'Polski',
  review: {
    own: 'To tłumaczenie czeka na sprawdzenie przez osoby z naszej społeczności, dla których polski jest językiem ojczystym.',
    english: 'This translation is waiting to be checked by native speakers from our community.',
  },

  title: 'Pomoc teraz',
  intro: 'Nie jesteś sam ani sama. Tu dowiesz się, jak dostać pomoc teraz lub później.',
  languages: 'Język',

  dangerHeading: 'Jeśli jesteś teraz w niebezpieczeństwie',
  dangerText: 'Jeśli twoje życie jest zagrożone albo jesteś poważnie ranny lub ranna, zadzwoń teraz pod 999. Możesz też pójść na najbliższy oddział ratunkowy (A&E).',
  call999: 'Zadzwoń pod 999',
  aeText: 'Oddział ratunkowy (A&E) jest w najbliższym dużym szpitalu. Jest otwarty w dzień i w nocy.',

  urgentHeading: 'Jeśli musisz wkrótce z kimś porozmawiać',
  nhs111: 'Zadzwoń pod NHS 111 i wybierz opcję 2. Porozmawiasz z zespołem zdrowia psychicznego.',
  call111: 'Zadzwoń pod 111, opcja 2',
  samaritans: 'Zadzwoń do Samaritans pod numer 116 123. To nic nie kosztuje, o każdej porze dnia i nocy.',
  callSamaritans: 'Zadzwoń pod 116 123',
  shout: 'Wyślij SMS o treści SHOUT pod numer 85258. Ktoś ci odpisze.',
  textShout: 'SMS SHOUT pod 85258',

  placeHeading: { safe_haven: 'Nasza bezpieczna przystań', crisis_cafe: 'Nasza kawiarnia kryzysowa', other: 'Odwiedź nas' },
  hoursToday: (today) => {
    if (today.kind === 'closed') return today.bankHoliday ? 'Dziś zamknięte (święto)' : 'Dziś zamknięte';
    if (today.kind === 'all-day') return 'Dziś otwarte całą dobę';
    return `Dziś otwarte ${today.periods.map((p) => `od ${p.from} do ${p.toMidnight ? 'północy' : p.to}`).join(' i ')}`;
  },
  openNow: (now) => {
    if (now.kind === 'always') return 'Otwarte teraz, w dzień i w nocy';
    if (now.kind === 'closed') return 'Teraz zamknięte';
    const w = now.at;
    const time = w.midnight ? 'północy' : w.time;
    if (now.kind === 'until') return w.day === 'today' ? `Otwarte teraz do ${time}` : `Otwarte teraz do ${time} (${dayWords(w)})`;
    return `Teraz zamknięte. Otwieramy ${dayWords(w)} o ${w.midnight ? 'północy' : w.time}`;
  },
  hoursNote: 'Godziny według czasu w Wielkiej Brytanii.',
  address: 'Gdzie jesteśmy',
  gettingThere: 'Jak do nas dojechać',
  arrivingHeading: 'Kiedy do nas przyjdziesz',
  arriving: 'Nie musisz się umawiać. Po prostu przyjdź. Ktoś się z tobą przywita i znajdzie ci spokojne miejsce. Możesz porozmawiać albo po prostu odpocząć i napić się czegoś. Wysłuchamy cię. Nie będziemy cię oceniać.',
  ages: (minAge) => `Dla osób w wieku ${minAge} lat i starszych.`,
  callUs: (number) => `Zadzwoń do nas: ${number}`,

  peerHeading: 'Porozmawiaj z kimś, kto to przeżył',
  peerText: 'Nasi pracownicy wsparcia rówieśniczego też przeszli trudne chwile. Wiedzą, jak to jest. Możesz z nimi porozmawiać na miejscu albo poprosić, żebyśmy do ciebie oddzwonili.',
  alsoRun: 'Prowadzimy też:',

  under16Heading: 'Jeśli masz mniej niż 16 lat',
  under16Named: (service) => `Skontaktuj się z: ${service}. Pomagają młodym ludziom.`,
  under16Fallback: 'Porozmawiaj z dorosłą osobą, której ufasz. Możesz też bezpłatnie zadzwonić do Childline pod numer 0800 1111.',
  childline: 'Zadzwoń do Childline',

  carersHeading: 'Pomoc dla opiekunów i rodzin',
  carersText: 'Czy ktoś bliski przechodzi trudny czas? Ty też potrzebujesz wsparcia. Możesz przyjść razem z tą osobą albo porozmawiać z nami sam lub sama.',

  localHeading: 'Inna pomoc w okolicy',
  localNone: 'Zapytaj nas o inną pomoc w okolicy.',
  website: (name) => `Strona internetowa: ${name}`,
  call: (number) => `Zadzwoń: ${number}`,

  formHeading: 'Poproś, żebyśmy oddzwonili',
  formIntro: 'Napisz, jak możemy się z tobą skontaktować. Ktoś z naszego zespołu się odezwie.',
  fields: {
    name: { label: 'Jak mamy się do ciebie zwracać?', hint: 'Może to być dowolne imię.' },
    reach: { label: 'Jak możemy się z tobą skontaktować?', hint: 'Numer telefonu albo e-mail.' },
    time: { label: 'Kiedy najlepiej zadzwonić?', hint: 'Na przykład po 18:00.' },
    message: { label: 'Czy chcesz nam coś powiedzieć?', hint: 'Nie musisz.' },
  },
  optional: '(możesz to pominąć)',
  send: 'Wyślij',
  formPrivacy: 'Zobaczy to tylko nasz zespół.',
  problems: {
    required: 'Wypełnij to pole.',
    too_long: 'To jest za długie. Skróć, proszę.',
    too_short: 'To jest za krótkie. Sprawdź, proszę.',
  },
  errorTitle: 'Sprawdź formularz',

  thanksTitle: 'Dziękujemy. Mamy twoją wiadomość.',
  thanksText: 'Dobrze, że się odezwałeś lub odezwałaś.',
  nextHeading: 'Co będzie dalej',
  nextText: 'Ktoś z naszego zespołu oddzwoni tak szybko, jak to możliwe. Spróbujemy zadzwonić o porze, którą podałeś lub podałaś. Jeśli się nie uda, spróbujemy jeszcze raz.',
  worseHeading: 'Jeśli w czasie czekania poczujesz się gorzej',
  worseText: 'Nie czekaj na nas. Jeśli jesteś w niebezpieczeństwie, zadzwoń pod 999 albo idź na oddział ratunkowy (A&E). Możesz też zadzwonić pod NHS 111 i wybrać opcję 2 albo do Samaritans pod 116 123.',
  backLink: 'Wróć do strony z pomocą',

  refusedTitle: 'Nie udało się jeszcze wysłać',
  tooFast: 'To było bardzo szybko. Sprawdź dane i naciśnij Wyślij jeszcze raz.',
  expired: 'Formularz był otwarty bardzo długo. Sprawdź dane i naciśnij Wyślij jeszcze raz.',
  notSent: 'Coś było nie tak z formularzem. Sprawdź dane i naciśnij Wyślij jeszcze raz.',
  tooMany: 'W ostatniej godzinie dostaliśmy stąd dużo wiadomości. Odezwiemy się. Jeśli potrzebujesz pomocy teraz, zadzwoń pod jeden z numerów poniżej.',

  offline: {
    title: 'Nie wysłano: brak zasięgu',
    heading: 'Nie wysłano: jesteś offline',
    text: 'Twoja wiadomość nie została wysłana. Wróć, aby nie stracić tego, co napisałeś. Wyślij ją ponownie, gdy będziesz mieć zasięg.',
    helpHeading: 'Jeśli potrzebujesz pomocy teraz',
    help: 'Połączenia telefoniczne działają także bez internetu.',
    call999: 'Zadzwoń pod 999, jeśli jesteś w niebezpieczeństwie',
    call111: 'Zadzwoń pod NHS 111 i wybierz opcję 2',
    callSamaritans: 'Zadzwoń do Samaritans pod 116 123',
  },

  notFoundTitle: 'Nie znaleźliśmy tej strony',
  notFoundText: 'Ta strona mogła zostać przeniesiona. Nadal możesz dostać pomoc teraz.',
  failedTitle: 'Przepraszamy, coś poszło nie tak po naszej stronie',
};
