import { describe, expect, it } from 'vitest';
import { readArticle } from './article.ts';
import { cleanArticle } from './clean.ts';

/**
 * The rules on sentences no fixture has, in the three languages (exercise text written for these
 * tests, not real events): what an unseen article will exercise.
 */
const read = (text: string, published?: string) =>
  readArticle(text, published ? { published } : {});
const dates = (text: string, published?: string) =>
  Object.fromEntries(read(text, published).dates.map((d) => [d.text, d.date]));
const casualties = (text: string) =>
  read(text, '2024-06-12').incidents.flatMap((i) =>
    i.casualties.map((c) => `${c.kind}:${c.count}`),
  );

describe('dates', () => {
  it('reads the Levantine, Egyptian, Maghrebi and Algerian month names', () => {
    expect(
      dates('عقد الاجتماع في 15 كانون الثاني/يناير 2023 في بغداد، ثم في 3 أيلول 2023 في عمان.'),
    ).toEqual({
      '15 كانون الثاني/يناير 2023': '2023-01-15',
      '3 أيلول 2023': '2023-09-03',
    });
    expect(
      dates('وقع الهجوم في 20 غشت 2022 بعد اجتماع 5 نونبر 2021 و12 دجنبر 2020 وفي يوليوز 2019.'),
    ).toEqual({
      '20 غشت 2022': '2022-08-20',
      '5 نونبر 2021': '2021-11-05',
      '12 دجنبر 2020': '2020-12-12',
      'يوليوز 2019': '2019-07',
    });
    expect(dates('أعلنت الوزارة في 7 جويلية 2021 و 2 أوت 2021 عن حصيلة العملية.')).toEqual({
      '7 جويلية 2021': '2021-07-07',
      '2 أوت 2021': '2021-08-02',
    });
    expect(dates('Le sommet du 1er octobre 2024 suit celui du 12 mars 2023.')).toEqual({
      '1er octobre 2024': '2024-10-01',
      '12 mars 2023': '2023-03-12',
    });
    expect(dates('The talks on December 2nd, 2021 followed those of 14 May 2020.')).toEqual({
      'December 2nd, 2021': '2021-12-02',
      '14 May 2020': '2020-05-14',
    });
  });

  it('resolves relative dates against the publication date, and keeps their text without it', () => {
    expect(dates('قتل ثلاثة جنود أمس الخميس في هجوم قرب غاو.', '2021-12-03')).toEqual({
      'أمس الخميس': '2021-12-02',
    });
    expect(
      dates("L'attaque a eu lieu dans la nuit de dimanche à lundi près de Diffa.", '2024-03-05'),
    ).toEqual({
      'nuit de dimanche à lundi': '2024-03-03',
    });
    expect(
      dates('Gunmen attacked the village on Wednesday, officials said on Friday.', '2024-03-08'),
    ).toEqual({
      Wednesday: '2024-03-06',
      Friday: '2024-03-08',
    });
    expect(
      dates(
        'Les élections auront lieu mardi prochain, a annoncé hier le gouvernement.',
        '2024-03-08',
      ),
    ).toEqual({
      'mardi prochain': '2024-03-12',
      hier: '2024-03-07',
    });
    expect(dates('وقع الانفجار قبل ثلاثة أيام في سوق المدينة.', '2024-03-08')).toEqual({
      'قبل ثلاثة أيام': '2024-03-05',
    });
    expect(dates('قتل ثلاثة جنود أمس الخميس في هجوم قرب غاو.')).toEqual({ 'أمس الخميس': null });
  });

  it('does not read names and words as dates', () => {
    expect(
      dates('May God protect the soldiers, said Luigi Di Maio and the Mars rover team.'),
    ).toEqual({});
    expect(dates('وقال لويدجي دي مايو إن الاثنين اتفقا على التعاون.')).toEqual({});
  });
});

describe('casualty figures', () => {
  it('reads counts in digits and words, on either side of their verb, in three languages', () => {
    expect(
      casualties(
        'Militants killed fifteen soldiers and wounded twenty-three others in Borno, Nigeria, on Monday.',
      ),
    ).toEqual(['killed:15', 'wounded:23']);
    expect(
      casualties(
        'Au Niger, sept soldats ont été tués et 12 blessés lundi dans une embuscade près de Diffa.',
      ),
    ).toEqual(['killed:7', 'wounded:12']);
    expect(
      casualties(
        'أسفر هجوم في مالي يوم الاثنين عن مقتل سبعة جنود وإصابة خمسة وعشرين آخرين واختطاف ثلاثة مدنيين.',
      ),
    ).toEqual(['killed:7', 'wounded:25', 'kidnapped:3']);
    expect(
      casualties('Des hommes armés ont enlevé une vingtaine de fidèles dimanche au Burkina Faso.'),
    ).toEqual(['kidnapped:20']);
    expect(
      casualties('قتل جنديان... وأعلن الجيش في النيجر مقتل جنديين وإصابة 4 في كمين يوم الاثنين.'),
    ).toContain('killed:2');
  });

  it('leaves out counts that are not casualties', () => {
    expect(
      casualties('Troops rescued 12 kidnapped villagers 40 km from Maiduguri, Nigeria, on Monday.'),
    ).toEqual([]);
    expect(
      casualties(
        'The coalition, created in 2014, gathers 86 members; 30 soldiers attended the parade in Niger.',
      ),
    ).toEqual([]);
  });
});

describe('incidents', () => {
  it('ties each figure to its incident, and opens a new one for a new place and date', () => {
    const x = read(
      'Exercise text. Militants killed 12 soldiers in an ambush near Djibo, Burkina Faso, on Monday. The army said two attackers were killed.\n' +
        'On Tuesday, a roadside bomb killed four civilians in Gao, Mali.',
      '2024-06-12',
    );
    expect(x.incidents).toHaveLength(2);
    expect(x.incidents[0]).toMatchObject({
      country: 'BF',
      location: 'Djibo',
      date: '2024-06-10',
      fatalities: 14,
    });
    expect(x.incidents[1]).toMatchObject({
      country: 'ML',
      location: 'Gao',
      date: '2024-06-11',
      fatalities: 4,
      event_type: 'explosions_remote_violence',
    });
  });

  it("names Mozambique's insurgents for what they are", () => {
    const x = read(
      'Des insurgés shebab ont attaqué la ville de Macomia, dans la province de Cabo Delgado, au Mozambique.',
      '2024-05-12',
    );
    expect(x.groups.map((g) => g.key)).toEqual(['is-mozambique']);
    const somalia = read(
      'Al-Shabaab fighters attacked a base near Mogadishu, Somalia, on Friday.',
      '2024-05-12',
    );
    expect(somalia.groups.map((g) => g.key)).toEqual(['al-shabaab']);
  });
});

describe('people, groups and places', () => {
  it('finds people after their titles and keeps the role', () => {
    const x = read(
      'Le président de la transition, le capitaine Ibrahim Traoré, a reçu le ministre des Affaires étrangères du Mali, Abdoulaye Diop.',
    );
    expect(x.people).toEqual([
      expect.objectContaining({ name: 'Ibrahim Traoré', role: 'capitaine' }),
      expect.objectContaining({
        name: 'Abdoulaye Diop',
        role: 'ministre des Affaires étrangères du Mali',
      }),
    ]);
    const ar = read(
      'وقال المتحدث باسم الجيش النيجيري، العميد أونييما نواتشوكوو، إن القوات صدت الهجوم.',
    );
    expect(ar.people.map((p) => p.name)).toEqual(['أونييما نواتشوكوو']);
  });

  it('does not take institutions or common nouns for people', () => {
    const x = read(
      'Director of Defence Media Operations, Major General Edward Buba, said the Defence Headquarters would act.',
    );
    expect(x.people.map((p) => p.name)).toEqual(['Edward Buba']);
    const ar = read('قتل التنظيم شيخ عشيرة ووجهاً بارزاً في مالي.');
    expect(ar.people).toEqual([]);
  });

  it('reads the groups in the three languages and the military base apart from al-Qaeda', () => {
    const x = read(
      'هاجم تنظيم القاعدة القاعدة العسكرية في مالي، فيما تبنت جماعة نصرة الإسلام والمسلمين الهجوم.',
    );
    expect(x.groups.map((g) => g.key).sort()).toEqual(['al-qaeda', 'jnim']);
    expect(
      read("Les jihadistes de l'EIGS et du GSIM se disputent le Liptako-Gourma au Mali.")
        .groups.map((g) => g.key)
        .sort(),
    ).toEqual(['is-sahel', 'jnim']);
  });

  it('finds the press spellings and the gazetteer towns, with their region and country', () => {
    const x = read(
      'هاجم مسلحون بلدة بانكيلاري ومدينة ديفا في النيجر، وقرية موسيمبوا دا برايا في كابو ديلغادو بموزمبيق.',
    );
    const places = Object.fromEntries(x.places.map((p) => [p.text, [p.name, p.country, p.admin1]]));
    expect(places['بانكيلاري']).toEqual(['Bankilaré', 'NE', 'Tillabéri']);
    expect(places['ديفا']).toEqual(['Diffa', 'NE', 'Diffa']);
    expect(places['موسيمبوا دا برايا']).toEqual(['Mocímboa da Praia', 'MZ', 'Cabo Delgado']);
    expect(places['كابو ديلغادو']?.[0]).toBe('Cabo Delgado');
    // The river and the country share a name; the lake and the country too.
    const water = read('Les pêcheurs du lac Tchad et du fleuve Niger ont fui vers le Tchad.');
    expect(water.countries).toEqual(['TD']);
    expect(water.places.map((p) => p.name).sort()).toEqual(['fleuve Niger', 'lac Tchad']);
  });
});

describe('cleaning', () => {
  it('removes share prompts, cookie notices, read-more links, navigation and bylines in three languages', () => {
    const text = [
      'Accueil > Afrique > Sahel',
      'Par Jean Dupont',
      "L'armée a repoussé une attaque à Diffa, au Niger.",
      'Partager sur Facebook Partager sur Twitter',
      'Lire aussi : Le Niger et le Tchad renforcent leur coopération',
      'Ce site utilise des cookies. En continuant, vous acceptez leur utilisation. Accepter',
      'اقرأ أيضا: مقتل جنود في مالي',
      'شارك هذا المقال',
      'Share this article',
      'This website uses cookies to improve your experience. Accept Read More',
      '© 2024 Exercise Agency. All rights reserved.',
    ].join('\n');
    expect(cleanArticle(text).text).toBe("L'armée a repoussé une attaque à Diffa, au Niger.");
  });

  it('reads the main text of a saved page and its metadata', () => {
    const page = `<!doctype html><html lang="fr"><head><title>Niger</title><link rel="canonical" href="https://example.org/niger">
      <meta property="article:published_time" content="2024-03-05T10:00:00+00:00"></head><body>
      <header><nav><a href="/">Accueil</a><a href="/monde">Monde</a></nav></header>
      <main><article><h1>Attaque à Diffa</h1><p>Texte d'exercice. L'armée a repoussé une attaque à Diffa, au Niger, dans la nuit de dimanche à lundi.</p>
      <p>Le bilan fait état de trois soldats blessés selon le ministère de la Défense, qui a salué la bravoure des troupes engagées sur place.</p>
      <div class="share">Partager</div></article></main><aside>Les plus lus</aside><footer>Mentions légales</footer></body></html>`;
    const clean = cleanArticle(page);
    expect(clean.source).toBe('https://example.org/niger');
    expect(clean.published).toBe('2024-03-05');
    expect(clean.text).toContain("L'armée a repoussé une attaque à Diffa");
    expect(clean.text).not.toMatch(/Accueil|Les plus lus|Mentions légales|Partager/);
    const x = read(page);
    expect(x.dates[0]).toMatchObject({ date: '2024-03-03', relative: true });
  });
});
