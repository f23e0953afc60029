/**
 * The spellings the Arabic and French press use for places of the Sahel, the Lake Chad basin, the
 * Horn of Africa and northern Mozambique (and the continent's capitals and large towns), which the
 * GeoNames gazetteer gives only in their local Latin form. One line a place:
 *
 *   CC;kind;English;French;Arabic spellings separated by "/"[;lat,lon]
 *
 * kind: `t` town, `a` admin1 region (English name as in the gazetteer), `r` an area that is not an
 * administrative unit (a forest, a border zone, a lake), whose country may be empty when it spans
 * several (then the countries follow the kind: `r:ML,NE,BF`). An empty French name means the same as
 * the English one. Positions come from the gazetteer unless written here. A spelling that starts
 * with "~" is also a common word ("جوهر", "Bay"): it names the place only after a place word
 * ("مدينة", "région de", "in the town of").
 */
export const PRESS_PLACES = `
ML;t;Bamako;;باماكو
ML;t;Gao;;غاو/جاو/جاوو
ML;a;Gao;;غاو/جاو/جاوا/جاوو
ML;t;Timbuktu;Tombouctou;تمبكتو/تومبوكتو/تنبكتو/تمبوكتو
ML;a;Tombouctou;Tombouctou;تمبكتو/تومبوكتو/تنبكتو
ML;t;Kidal;;كيدال
ML;a;Kidal;;كيدال
ML;t;Ménaka;;ميناكا
ML;a;Ménaka;;ميناكا
ML;t;Mopti;;موبتي
ML;a;Mopti;;موبتي
ML;t;Ségou;;سيغو/سيجو
ML;a;Ségou;;سيغو/سيجو
ML;t;Sikasso;;سيكاسو
ML;t;Kayes;;كايس
ML;t;Koulikoro;;كوليكورو
ML;a;Taoudénit;;تاوديني/تاودني
ML;t;Tessit;;تيسيت/تسيت;15.2167,-0.3
ML;t;Ansongo;;أنسونغو/انسونغو
ML;t;Bourem;;بوريم
ML;t;Douentza;;دوينتزا/دوينزا
ML;t;Tessalit;;تيساليت/تساليت
ML;t;Aguelhok;Aguelhok;أغيلهوك/أجلهوك/اجلهوك;19.4614,0.8589
ML;t;Hombori;;هومبوري
ML;t;Niono;;نيونو
ML;t;Niafunké;;نيافونكي
ML;t;Goundam;;غوندام
ML;t;Bandiagara;;باندياغارا
ML;t;Bankass;;بانكاس
ML;t;Djenné;;~جيني/دجيني
ML;t;Kati;;كاتي
ML;t;Léré;;ليري;15.7228,-4.9136
ML;t;Boni;;بوني;15.0667,-1.9667
ML;t;Anderamboukane;Andéramboukane;أندرامبوكان/اندرامبوكان;15.4331,3.0283
ML;t;Talataye;;تالاتاي;15.5333,0.8500
ML;t;Moura;;~مورا;14.0833,-4.0167
ML;t;Diafarabé;;ديافارابي;14.1547,-4.9867
ML;t;Boulkessi;;بولكيسي;14.9667,-1.7167
ML;t;Mondoro;;موندورو;14.5667,-1.9833
ML;t;Sévaré;;سيفاري;14.5320,-4.0974
ML;t;~Ber;;~بير;16.1167,-3.3833
BF;t;Ouagadougou;;واغادوغو/واجادوجو/واغادوغو
BF;t;Bobo-Dioulasso;;بوبو ديولاسو/بوبو-ديولاسو
BF;t;Djibo;;جيبو/دجيبو
BF;t;Dori;;~دوري
BF;t;Fada N'gourma;Fada N'Gourma;فادا نغورما/فادا انغورما
BF;t;Kaya;;كايا
BF;t;Ouahigouya;;واهيغويا/أواهيغويا
BF;t;Arbinda;;أربيندا/اربيندا
BF;t;Sebba;;سيبا
BF;t;Solenzo;;سولينزو
BF;t;Barsalogho;;بارسالوغو/برسالوغو;13.4167,-1.0667
BF;t;Titao;;تيتاو
BF;t;Gorom-Gorom;;غوروم غوروم
BF;t;Diapaga;;دياباغا
BF;t;Kantchari;;كانتشاري
BF;t;Seytenga;;سيتينغا;14.1603,0.1839
BF;t;Solhan;;سولهان;13.4167,0.5833
BF;t;Inata;;إيناتا/اينتا;14.5564,-1.2647
BF;t;Tougan;;توغان
BF;t;Koudougou;;كودوغو
BF;a;Sahel Region;région du Sahel;الساحل البوركيني;14.0,-0.5
NE;t;Niamey;;نيامي
NE;t;Tillabéri;Tillabéri;تيلابيري/تيلابري
NE;a;Tillabéri;Tillabéri;تيلابيري/تيلابري
NE;t;Tahoua;;تاهوا
NE;a;Tahoua;;تاهوا
NE;t;Diffa;;ديفا
NE;a;Diffa;;ديفا
NE;t;Agadez;;أغاديز/اغاديس/أغاديس
NE;a;Agadez;;أغاديز/أغاديس
NE;t;Zinder;;زيندر
NE;a;Zinder;;زيندر
NE;t;Maradi;;مارادي
NE;t;Dosso;;دوسو
NE;t;Bosso;;بوسو
NE;t;Tillia;;تيليا
NE;t;Inates;;إيناتس/ايناتس;15.2333,1.6167
NE;t;Chinégodar;Chinégodar;شينيغودار;14.8667,1.2500
NE;t;Tongo Tongo;;تونغو تونغو;14.75,1.40
NE;t;Mainé-Soroa;;ماينا سوروا/ماين سوروا
NE;t;Arlit;;أرليت/ارليت
NE;t;Ouallam;;أولام/والام
NE;t;Banibangou;;بانيبانغو
NE;t;Abala;;أبالا
NE;t;Takanamat;;تاكانامات;15.1667,4.7500
NE;t;Tassia;;تاسيا;14.72,1.18
NE;t;Torodi;;تورودي
NE;t;Téra;;~تيرا
NE;t;Makalondi;;ماكالوندي
TD;t;N'Djamena;;نجامينا/انجامينا/إنجامينا
TD;t;~Bol;;~بحيرة بول;13.4586,14.7147
TD;a;Lac Province;province du Lac;إقليم البحيرة;13.5,14.5
TD;t;Abéché;;أبيشي/أبشة
TD;t;Moundou;;موندو
TD;t;Ngouboua;;نغوبوا;13.6500,14.1833
TD;t;Baga Sola;;باغا سولا;13.5333,14.3167
TD;a;Tibesti;;تيبستي
TD;r;Tibesti;;جبال تيبستي;21.0,17.5
NG;t;Maiduguri;;مايدوغوري/ميدوغوري/مايدوجوري
NG;a;Borno;;بورنو
NG;a;Yobe;;يوبي
NG;a;Adamawa;;أداماوا/اداماوا
NG;t;Lagos;;لاغوس/لاجوس
NG;t;Abuja;;أبوجا/ابوجا
NG;t;Kano;;كانو
NG;t;Kaduna;;كادونا
NG;a;Kaduna;;كادونا
NG;a;Zamfara;;زامفارا
NG;a;Katsina;;كاتسينا
NG;a;Sokoto;;سوكوتو
NG;a;Kebbi;;كيبي
NG;a;Niger State;État du Niger;ولاية النيجر النيجيرية;9.9,5.6
NG;a;Plateau;;بلاتو/ولاية بلاتو
NG;a;Benue;;بنوي/بينوي
NG;t;Jos;;جوس
NG;t;Baga;;باغا/باجا
NG;t;Gwoza;;غوزا/جوزا
NG;t;Damboa;;دامبوا
NG;t;Monguno;;مونغونو/مونجونو
NG;t;Dikwa;;ديكوا
NG;t;Bama;;باما
NG;t;Konduga;;كوندوغا
NG;t;Gubio;;غوبيو
NG;t;Gamboru;;غامبورو
NG;t;Damasak;;داماساك/دماسك
NG;t;Biu;;بيو
NG;t;Dapchi;;دابتشي/دابشي
NG;t;Chibok;;تشيبوك/شيبوك
NG;t;Geidam;;غيدام/جيدام
NG;t;Mainok;;ماينوك
NG;t;Kukawa;;كوكاوا
NG;t;Rann;;~ران;12.2833,14.4667
NG;t;Malam Fatori;;مالام فاتوري;13.6753,13.3397
NG;t;Owo;;أوو
NG;t;Potiskum;;بوتيسكوم
NG;t;Mubi;;موبي
NG;r;Sambisa Forest;forêt de Sambisa;غابة سامبيسا/غابات سامبيسا;11.2,13.5
CM;a;Far North;Extrême-Nord;أقصى الشمال/منطقة أقصى الشمال;10.9,14.3
CM;t;Maroua;;ماروا
CM;t;Kolofata;;كولوفاتا
CM;t;Mozogo;;موزوغو;11.05,13.9
CM;t;Fotokol;;فوتوكول
CM;t;Mokolo;;موكولو
CM;t;~Mora;;~مورا
CM;t;Amchidé;;أمشيدي;10.9833,14.1333
CM;t;Yaoundé;;ياوندي
CM;t;Douala;;دوالا
MR;t;Nouakchott;;نواكشوط
MR;t;Nouadhibou;;نواذيبو
MR;t;Bassikounou;;باسكنو/باسيكونو
MR;a;Hodh Ech Chargui;Hodh Ech Chargui;الحوض الشرقي
SO;t;Mogadishu;Mogadiscio;مقديشو/مقديشيو
SO;t;Kismayo;Kismaayo;كيسمايو
SO;t;Baidoa;;بيدوا/بايدوا
SO;t;Beledweyne;Beledweyne;بلدوين
SO;t;Jowhar;;~جوهر
SO;t;Marka;Merca;مركا
SO;t;Bosaso;Bosaso;بوصاصو/بوساسو
SO;t;Galkayo;Galkacyo;غالكعيو/جالكعيو
SO;t;Hargeisa;Hargeisa;هرجيسا
SO;t;Jilib;;~جلب;0.4883,42.7854
SO;t;Bardera;Bardhere;بارطيري/بارديري
SO;t;Afgooye;Afgoye;أفغوي/افجوي
SO;t;Dhusamareb;Dhusamareb;طوسمريب/ضوسمريب
SO;t;Guriel;Guriceel;جوريعيل/غوريعيل
SO;t;Adado;Cadaado;عدادو
SO;t;Balad;Balcad;بلعد
SO;t;Wanlaweyn;Wanlaweyn;وانلاوين/ونلوين
SO;t;Qoryooley;Qoryooley;قريولي
SO;t;Barawe;Barawe;براوي/باراوي
SO;t;Bulo Burte;Bulo Burto;بولوبرتي/بولو برتي
SO;t;Luuq;;لوق
SO;t;Dolow;;دولو
SO;t;Hudur;Xuddur;~حدر
SO;t;Garbahaarey;Garbahaarey;غربهاري
SO;t;El Buur;;عيل بور
SO;t;Ras Kamboni;;رأس كامبوني;-1.6333,41.5833
SO;a;Banaadir;Banaadir;بنادر
SO;a;Lower Shabeelle;Bas-Shabelle;شبيلي السفلى/شبيلي السفلي;1.8,44.5
SO;a;Middle Shabele;Moyen-Shabelle;شبيلي الوسطى;2.9,45.5
SO;a;Lower Juba;Bas-Juba;جوبا السفلى/جوبا السفلي
SO;a;Middle Juba;Moyen-Juba;جوبا الوسطى
SO;a;Hiiraan;Hiraan;هيران/هيئران
SO;a;Gedo;;~جدو/غدو
SO;a;~Bay;~Bay;إقليم باي/منطقة باي
SO;a;Bakool;;باكول
SO;a;Galguduud;Galgaduud;جلجدود/غلغدود
SO;a;Mudug;;مدق/مدغ
SO;a;~Bari;~Bari;إقليم بري/منطقة بري
SO;a;Sanaag;;سناج/سناغ
SO;r;Puntland;Puntland;بونتلاند/بونت لاند;8.4,49.0
SO;r;Jubaland;Jubaland;جوبالاند/جوبا لاند;-0.3,42.0
SO;r;Somaliland;Somaliland;أرض الصومال/صوماليلاند;9.8,46.0
SO;r;Cal Miskaad mountains;monts Cal Miskaad;جبال كال مسكاد/جبال علمسكاد;10.9,49.0
KE;t;Nairobi;;نيروبي
KE;t;Mombasa;;مومباسا/ممباسا
KE;t;Garissa;;غاريسا/جاريسا
KE;t;Mandera;;مانديرا/منديرا
KE;t;Wajir;;واجير
KE;t;Lamu;;لامو
KE;a;Lamu County;comté de Lamu;مقاطعة لامو
KE;t;Mpeketoni;;مبيكيتوني
KE;t;Dadaab;;داداب
KE;t;El Wak;;الواك/عيل واك
ET;t;Addis Ababa;Addis-Abeba;أديس أبابا/اديس ابابا
ET;a;Tigray;;تيغراي/تيجراي
ET;a;Amhara;;أمهرة/امهرة
ET;a;Oromiya;Oromia;أوروميا/اوروميا
ET;a;Somali Region;région Somali;الإقليم الصومالي/إقليم الصومال الإثيوبي
ET;t;Mek'ele;Mekele;ميكيلي/مقلي
ET;t;Dire Dawa;;دير داوا/ديرداوا
ET;t;Jijiga;;جيجيجا/جيجيغا
DJ;t;Tadjourah;;تاجورة
ER;t;Asmara;;أسمرة/اسمرا
SD;t;Khartoum;;الخرطوم
SD;t;Omdurman;;أم درمان
SD;r;Darfur;Darfour;دارفور;13.5,24.0
SD;a;North Darfur;Darfour du Nord;شمال دارفور
SD;a;South Darfur;Darfour du Sud;جنوب دارفور
SD;a;West Darfur;Darfour occidental;غرب دارفور
SD;r;Kordofan;;كردفان;13.0,30.0
SD;t;El Fasher;El Fasher;الفاشر
SD;t;Nyala;;نيالا
SD;t;El Geneina;;~الجنينة
SD;t;Port Sudan;Port-Soudan;بورتسودان/بور سودان
SD;t;Wad Madani;;ود مدني
SD;t;El Obeid;;~الأبيض
SS;t;Juba;;جوبا
MZ;a;Cabo Delgado;Cabo Delgado;كابو ديلغادو/كابو دلغادو/كابو ديلجادو/كابو دلجادو
MZ;t;Mocímboa da Praia;Mocímboa da Praia;موسيمبوا دا برايا/موسيمبوا دي برايا/موسيمبوا
MZ;t;Palma;;بالما
MZ;t;Pemba;;بيمبا
MZ;t;Maputo;;مابوتو
MZ;t;Nampula;;نامبولا
MZ;a;Nampula;;إقليم نامبولا
MZ;a;Niassa;;نياسا
MZ;t;Macomia;;ماكوميا
MZ;t;Muidumbe;;مويدومبي;-11.80,39.85
MZ;t;Ancuabe;;أنكوابي/انكوابي;-12.9786,39.8475
MZ;t;Meluco;;ميلوكو;-12.5333,39.6667
MZ;t;Quissanga;;كيسانغا;-12.4231,40.4839
MZ;t;Nangade;;نانغادي;-11.0667,39.6667
MZ;t;Mueda;;مويدا
MZ;t;Montepuez;;مونتيبويز
MZ;t;~Ibo;;إيبو;-12.3500,40.6000
MZ;t;Chiúre;;شيوري;-13.4333,39.9333
MZ;t;Metuge;;ميتوجي/ميتوغي;-12.7667,40.3833
MZ;t;Mucojo;;موكوجو;-12.0667,40.4667
TZ;t;Dar es Salaam;Dar es Salaam;دار السلام
TZ;t;Mtwara;;متوارا
CD;t;Kinshasa;;كينشاسا
CD;t;Goma;;غوما
CD;t;Beni;;~بيني
CD;t;Butembo;;بوتيمبو
CD;t;Bunia;;بونيا
CD;t;Oicha;;أويشا;0.7000,29.5167
CD;t;Lubero;;لوبيرو
CD;t;Kasindi;;كاسيندي
CD;a;Ituri;;إيتوري/ايتوري
CD;a;North Kivu;Nord-Kivu;شمال كيفو
CD;a;South Kivu;Sud-Kivu;جنوب كيفو
UG;t;Kampala;;كمبالا
MA;t;Rabat;;الرباط
MA;t;Casablanca;;الدار البيضاء
MA;t;Marrakesh;Marrakech;مراكش
MA;t;Tangier;Tanger;طنجة
MA;t;Fes;Fès;فاس
MA;t;Meknes;Meknès;مكناس
MA;t;Agadir;;أكادير/اكادير
MA;t;Oujda;;وجدة
MA;t;Laayoune;Laâyoune;~العيون
MA;t;Dakhla;;~الداخلة
MA;t;Tetouan;Tétouan;تطوان
MA;t;Skhirat;Skhirat;الصخيرات
DZ;t;Algiers;Alger;الجزائر العاصمة
DZ;t;Oran;;وهران
DZ;t;Constantine;;قسنطينة
DZ;t;Tamanrasset;;تمنراست
DZ;t;In Amenas;In Amenas;عين أميناس;28.05,9.55
DZ;t;Tindouf;;تندوف/تيندوف
TN;t;Sfax;;صفاقس
TN;t;Sousse;;سوسة
TN;t;Kasserine;;القصرين
TN;t;Ben Gardane;Ben Guerdane;بن قردان
TN;r;Mount Chambi;mont Chambi;جبل الشعانبي;35.2,8.7
LY;t;Tripoli;;طرابلس
LY;t;Benghazi;;بنغازي
LY;t;Sirte;Syrte;~سرت
LY;t;Derna;;درنة
LY;t;Misratah;Misrata;مصراتة
LY;t;Sabha;Sebha;سبها
LY;t;Ubari;Oubari;أوباري
LY;t;Murzuq;Mourzouq;مرزق
EG;t;Cairo;Le Caire;القاهرة
EG;t;Alexandria;Alexandrie;الإسكندرية
EG;r;Sinai;Sinaï;سيناء/شبه جزيرة سيناء;29.5,33.8
EG;a;North Sinai;Nord-Sinaï;شمال سيناء
EG;t;Arish;El-Arich;العريش
EG;t;Sheikh Zuweid;Cheikh Zouweid;الشيخ زويد;31.2167,34.1167
EG;t;Bir al-Abed;Bir al-Abed;بئر العبد;31.0167,33.0
SN;t;Dakar;;داكار
CI;t;Abidjan;;أبيدجان/أبيجان
CI;t;Yamoussoukro;;ياموسوكرو
BJ;t;Cotonou;;كوتونو
BJ;t;Porto-Novo;;بورتو نوفو
TG;t;Lomé;;لومي
GH;t;Accra;;أكرا
GN;t;Conakry;;كوناكري
SL;t;Freetown;;فريتاون
LR;t;Monrovia;;منروفيا/مونروفيا
GM;t;Banjul;;بانجول
GW;t;Bissau;;بيساو
CF;t;Bangui;;بانغي/بانجي
GA;t;Libreville;;ليبرفيل
CG;t;Brazzaville;;برازافيل
GQ;t;Malabo;;مالابو
RW;t;Kigali;;كيغالي/كيجالي
BI;t;Bujumbura;;بوجمبورا
TZ;t;Dodoma;;دودوما
ZM;t;Lusaka;;لوساكا
ZW;t;Harare;;هراري
ZA;t;Pretoria;;بريتوريا
ZA;t;Johannesburg;Johannesbourg;جوهانسبرغ/جوهانسبورغ
ZA;t;Cape Town;Le Cap;كيب تاون
MW;t;Lilongwe;;ليلونغوي
MG;t;Antananarivo;;أنتاناناريفو
;r:ML,NE,BF;Liptako-Gourma;Liptako-Gourma;ليبتاكو غورما/ليبتاكو-غورما;14.5,0.5
;r:ML,NE,BF;tri-border area;zone des trois frontières;المثلث الحدودي/منطقة الحدود الثلاثية/منطقة المثلث الحدودي;15.0,0.5
;r:NG,NE,TD,CM;Lake Chad;lac Tchad;بحيرة تشاد;13.0,14.0
;r:NG,NE,TD,CM;Lake Chad Basin;bassin du lac Tchad;حوض بحيرة تشاد;13.0,14.0
;r:ML,NE,NG;Niger River;fleuve Niger;نهر النيجر;13.5,2.1
;r:ML,BF,NE,TD,MR,SN,NG,SD;Sahel;Sahel;الساحل/منطقة الساحل/الساحل الإفريقي/الساحل الأفريقي/دول الساحل;15.0,5.0
;r:SO,ET,DJ,ER;Horn of Africa;Corne de l'Afrique;القرن الأفريقي/القرن الإفريقي/منطقة القرن الأفريقي;8.0,45.0
;r:ML,DZ,NE,LY,TD,MR;Sahara;Sahara;الصحراء الكبرى;23.0,10.0
;r:ML;Azawad;Azawad;أزواد;18.0,0.0
;r:BJ,TG,GH,CI;Gulf of Guinea;golfe de Guinée;خليج غينيا;2.0,4.0
;r:MZ,TZ;Rovuma River;fleuve Rovuma;نهر روفوما;-10.5,39.5
;r:ML,BF;Macina;Macina;ماسينا;14.0,-5.0
`;

/** World cities the press names beside Africa's (meetings, capitals): en;fr;ar;CC;lat,lon. */
export const WORLD_CITIES = `
Brussels;Bruxelles;بروكسل/بروكسيل;BE;50.8503,4.3517
Washington;Washington;واشنطن;US;38.8951,-77.0364
New York;New York;نيويورك;US;40.7128,-74.006
Paris;Paris;باريس;FR;48.8566,2.3522
London;Londres;لندن;GB;51.5074,-0.1278
Rome;Rome;روما;IT;41.9028,12.4964
Madrid;Madrid;مدريد;ES;40.4168,-3.7038
Berlin;Berlin;برلين;DE;52.52,13.405
Lisbon;Lisbonne;لشبونة;PT;38.7223,-9.1393
The Hague;La Haye;لاهاي;NL;52.0705,4.3007
Amsterdam;Amsterdam;أمستردام;NL;52.3676,4.9041
Geneva;Genève;جنيف;CH;46.2044,6.1432
Vienna;Vienne;فيينا;AT;48.2082,16.3738
Moscow;Moscou;موسكو;RU;55.7558,37.6173
Beijing;Pékin;بكين;CN;39.9042,116.4074
Ankara;Ankara;أنقرة;TR;39.9334,32.8597
Istanbul;Istanbul;إسطنبول/اسطنبول;TR;41.0082,28.9784
Riyadh;Riyad;الرياض;SA;24.7136,46.6753
Jeddah;Djeddah;جدة;SA;21.4858,39.1925
Doha;Doha;الدوحة;QA;25.2854,51.531
Abu Dhabi;Abou Dhabi;أبوظبي/أبو ظبي;AE;24.4539,54.3773
Dubai;Dubaï;دبي;AE;25.2048,55.2708
Baghdad;Bagdad;بغداد;IQ;33.3152,44.3661
Mosul;Mossoul;الموصل;IQ;36.34,43.13
Damascus;Damas;دمشق;SY;33.5138,36.2765
Raqqa;Raqqa;الرقة;SY;35.95,39.01
Idlib;Idleb;إدلب;SY;35.93,36.63
Beirut;Beyrouth;بيروت;LB;33.8938,35.5018
Kabul;Kaboul;كابول;AF;34.5553,69.2075
Tehran;Téhéran;طهران;IR;35.6892,51.389
Jerusalem;Jérusalem;القدس;IL;31.7683,35.2137
Muscat;Mascate;~مسقط;OM;23.588,58.3829
Manama;Manama;المنامة;BH;26.2285,50.586
Ottawa;Ottawa;أوتاوا;CA;45.4215,-75.6972
Tokyo;Tokyo;طوكيو;JP;35.6762,139.6503
New Delhi;New Delhi;نيودلهي;IN;28.6139,77.209
Islamabad;Islamabad;إسلام أباد;PK;33.6844,73.0479
Strasbourg;Strasbourg;ستراسبورغ;FR;48.5734,7.7521
Athens;Athènes;أثينا;GR;37.9838,23.7275
Warsaw;Varsovie;وارسو;PL;52.2297,21.0122
Stockholm;Stockholm;ستوكهولم;SE;59.3293,18.0686
Copenhagen;Copenhague;كوبنهاغن;DK;55.6761,12.5683
Oslo;Oslo;أوسلو;NO;59.9139,10.7522
Dublin;Dublin;دبلن;IE;53.3498,-6.2603
Bern;Berne;برن;CH;46.948,7.4474
Kyiv;Kiev;كييف;UA;50.4501,30.5234
`;
