"""Word lists for the name check: Spanish -> English exonyms and capitalised common words."""

from __future__ import annotations

import unicodedata

from mtedit.checks.placenames import GEOGRAPHIC_ES, PLACE_EXONYM_LINES


def fold(text: str) -> str:
    """Lower case without accents: 'Irán' -> 'iran'."""
    nfd = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in nfd if not unicodedata.combining(c)).replace("’", "'")


def _words(text: str) -> frozenset[str]:
    """A folded word set, so 'Según' matches 'según' and 'segun'."""
    return frozenset(fold(w) for w in text.split())

_EXONYM_LINES = """
Estados Unidos|EEUU|EE.UU.|EE UU|EUA = United States|US|U.S.|USA|America
Naciones Unidas|ONU = United Nations|UN|U.N.
Unión Europea|UE = European Union|EU|Europe
Reino Unido = United Kingdom|UK|U.K.|Britain
Gran Bretaña = Britain|Great Britain|UK
OTAN = NATO
FMI|Fondo Monetario Internacional = IMF|International Monetary Fund
BCE|Banco Central Europeo = ECB|European Central Bank
OMS = WHO|World Health Organization
OMC = WTO|World Trade Organization
OCDE = OECD
Casa Blanca = White House
Santa Sede|Vaticano = Holy See|Vatican
Oriente Medio|Oriente Próximo|Próximo Oriente = Middle East
América Latina|Latinoamérica|Iberoamérica = Latin America
Sudamérica = South America
Norteamérica = North America
Occidente = West|Western
Alemania = Germany|German
Francia = France|French
Rusia = Russia|Russian
España = Spain|Spanish
Italia = Italy|Italian
Inglaterra = England|English
Escocia = Scotland
Gales = Wales
Irlanda = Ireland
Japón = Japan
Corea del Norte = North Korea
Corea del Sur = South Korea
Corea = Korea
Irak = Iraq
Siria = Syria
Libia = Libya
Egipto = Egypt
Túnez = Tunisia|Tunis
Marruecos = Morocco
Argelia = Algeria
Turquía = Turkey
Grecia = Greece
Bélgica = Belgium
Holanda|Países Bajos = Netherlands|Holland|Dutch|Low Countries
Suecia = Sweden
Noruega = Norway
Dinamarca = Denmark
Finlandia = Finland
Polonia = Poland
Hungría = Hungary
Rumanía|Rumania = Romania
Suiza = Switzerland|Swiss
Ucrania = Ukraine
Bielorrusia = Belarus
República Checa = Czech Republic
Eslovaquia = Slovakia
Croacia = Croatia
Chipre = Cyprus
Londres = London
Berlín = Berlin
Moscú = Moscow
Pekín|Beijing = Beijing|Peking
Bruselas = Brussels
Nueva York = New York
Nueva Delhi = New Delhi
Ginebra = Geneva
Atenas = Athens
Roma = Rome
Lisboa = Lisbon
Varsovia = Warsaw
Praga = Prague
Viena = Vienna
Estambul = Istanbul
El Cairo = Cairo
Jerusalén = Jerusalem
Palestina = Palestine
Cisjordania = West Bank
Afganistán = Afghanistan
Pakistán = Pakistan
Arabia Saudí|Arabia Saudita = Saudi Arabia
Emiratos Árabes Unidos = United Arab Emirates|UAE
Catar = Qatar
Líbano = Lebanon
Jordania = Jordan
Sudáfrica = South Africa
Brasil = Brazil
México|Méjico = Mexico
Filipinas = Philippines
Tailandia = Thailand
Nueva Zelanda = New Zealand
Europa = Europe
África = Africa
Asia = Asia|Asian
América = America
Kremlin = Kremlin
Chequia|República Checa = Czech Republic|Czech|Czechia
Checoslovaquia = Czechoslovakia
Eurocopa = Euro|European Championship|Euro Cup
Selva Negra = Black Forest
Colonia = Cologne
RDA = GDR|East Germany
Centroamérica = Central America
Distrito Federal = Federal District|Mexico City|DF
Segunda Guerra Mundial = Second World War|World War II|WWII
Primera Guerra Mundial = First World War|World War I|WWI
Corán = Koran|Quran
Alá = Allah
PIB = GDP
Cámara de Diputados = Chamber of Deputies|House of Representatives|lower house
Baviera = Bavaria
Sajonia = Saxony
Lituania = Lithuania
Letonia = Latvia
Estonia = Estonia
Eslovenia = Slovenia
Nigeria = Nigeria
Kenia = Kenya
Etiopía = Ethiopia
Somalia = Somalia
Vietnam = Vietnam
Camboya = Cambodia
Birmania = Burma|Myanmar
Indonesia = Indonesia
Malasia = Malaysia
Singapur = Singapore
Taiwán = Taiwan
Hong Kong = Hong Kong
Tokio = Tokyo
Cuba = Cuba
Haití = Haiti
Nueva Orleans = New Orleans
Filadelfia = Philadelphia
Carolina del Norte = North Carolina
Carolina del Sur = South Carolina
Misisipi = Mississippi
Luisiana = Louisiana
Pensilvania = Pennsylvania
Nuevo México = New Mexico
Hawái = Hawaii
Alpes = Alps
San Petersburgo = Saint Petersburg|St. Petersburg|St Petersburg|Petersburg
Mediterráneo = Mediterranean
Atlántico = Atlantic
Pacífico = Pacific
Mar Negro = Black Sea
Cataluña = Catalonia
Andalucía = Andalusia
Vascongadas|País Vasco|Euskadi = Basque Country|Basque
"""


def _parse(lines: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in lines.strip().splitlines():
        es, en = line.split(" = ")
        forms = tuple(en.split("|"))
        for name in es.split("|"):
            table[name] = forms
    return table


EXONYMS: dict[str, tuple[str, ...]] = _parse(_EXONYM_LINES) | _parse(PLACE_EXONYM_LINES)
GEOGRAPHIC = _words(GEOGRAPHIC_ES)

# Capitalised common words. FUNC: function words, stripped from names ("Según Hollande" -> "Hollande");
# TITLES: titles of people, never evidence that a name was translated; STOP: all of them plus
# institution words, which make no name alone but anchor one ("Federación Checa" ~ "Czech Federation").
FUNC_ES = _words("""
el la los las lo un una unos unas y o e u ni que qué quien quién como cómo cuando cuándo donde dónde cual cuál
en de del al a por para con sin sobre entre tras ante desde hasta hacia según durante mediante contra
este esta estos estas ese esa esos esas aquel aquella su sus mi mis tu tus nuestro nuestra se le les nos
no sí si pero aunque porque pues también además ya así hoy ayer mañana ahora aquí allí todo todos toda todas
otro otra otros otras cada muy más menos mucho muchos poco pocos bien mal yo él ella ellos ellas usted
""")
TITLES_ES = _words("""
sr sra srta señor señora señorita don doña dr dra presidente presidenta vicepresidente viceministro
viceministra vicecanciller ministro ministra canciller rey reina
príncipe princesa papa secretario secretaria gobernador alcalde senador diputado jefe jefes comisario
consejero fiscal primer primera general
""")
# Who a person is, written before the name ("el ministro Blanco", "la jueza Rosa Castillo", "el portavoz,
# Carlos Moreno"): what follows is a person's name, so its common words are a surname, never a description.
PERSON_ROLES_ES = TITLES_ES | _words("""
senadora diputada alcaldesa gobernadora consejera comisaria jueza juez magistrado magistrada portavoz
líder dirigente candidato candidata entrenador entrenadora seleccionador técnico jugador jugadora
delantero defensa portero capitán capitana tenista piloto ciclista atleta abogado abogada director
directora presidenta fundador fundadora empresario empresaria escritor escritora periodista cantante
actor actriz cineasta artista embajador embajadora obispo arzobispo cardenal coronel teniente sargento
comandante doctor doctora profesor profesora investigador investigadora economista analista opositor
opositora activista sindicalista concejal concejala edil regidor regidora delegado delegada asesor
asesora señor señora
""")
STOP_ES = FUNC_ES | TITLES_ES | _words("""
gobierno parlamento congreso senado código penal civil consejo nacional ministerio ministro ministra
presidente presidenta vicepresidente primer primera estado estados partido banco central tribunal supremo
constitucional corte policía ejército fuerzas armadas comisión europea europeo unión fondo internacional
organización mundial salud cámara diputados representantes ayuntamiento universidad instituto hospital
iglesia católica papa rey reina príncipe princesa ciudad calle plaza avenida río mar océano norte sur
este oeste oriente occidental oriental próximo medio golfo guerra juegos olímpicos copa liga premio
administración justicia fiscalía fiscal seguridad social defensa interior exteriores asuntos economía
hacienda educación sanidad trabajo día navidad semana santa año nuevo nueva dios internet bolsa tesoro
reserva federal departamento secretaría secretario secretaria general agencia asamblea alto comisionado
derechos humanos oficina servicio cruz roja jefe comité ejecutivo federación asociación sindicato
movimiento frente revolución primavera árabe real academia museo biblioteca teatro festival gran
república reino imperio democracia demócrata demócratas republicano republicanos socialista popular
comunista verde verdes izquierda derecha capítulo artículo ley leyes constitución proyecto plan programa
grupo empresa compañía sociedad cumbre conferencia foro mercado mercados energía tierra sol luna
internet web twitter? ee uu
enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
lunes martes miércoles jueves viernes sábado domingo
cámara derecho canciller tecnologías tecnología información finanzas gobernación juzgado estudiantes
nación naciones ejército facultad concurso estadio día internacional comisario jefes consejero
secretaría procuraduría delegación municipio estatal federal gobernador alcalde senador diputado comercio industria fútbol futbol
""".replace("?", ""))

FUNC_EN = _words("""
the a an and or but nor so yet if then that this these those there here it its he she they we you i me my
his her their our your who what when where why how which whose while as at in on of to for from by with
without about after before during since until into over under between against among through per
not no yes all some any each every many much more most less few other another such only also even still
today yesterday tomorrow now however meanwhile moreover therefore thus although though because according
him them us himself herself itself themselves
""")
TITLES_EN = _words("""
mr mrs ms miss dr sir lord lady president vice prime minister ministers chancellor king queen prince princess
pope secretary governor mayor senator premier chief head leader general commissioner
""")
STOP_EN = FUNC_EN | TITLES_EN | _words("""
government parliament congress senate code penal criminal civil council national ministry minister
president vice prime state states party bank central court supreme constitutional police army forces
armed commission european union fund international organisation organization world health chamber deputies
representatives house city council university institute hospital church catholic pope king queen prince
princess street square avenue river sea ocean north south east west eastern western northern southern
middle gulf war games olympic cup league prize award administration justice prosecutor prosecution
security social defence defense interior foreign affairs economy treasury finance education trade labour
labor day christmas week holy year new god internet exchange stock reserve federal department secretary
general agency assembly high commissioner rights human office service cross red head chief committee
executive federation association union movement front revolution spring arab royal academy museum library
theatre theater festival great grand republic kingdom empire democracy democrat democrats republican
republicans socialist socialists popular communist green greens left right chapter article act law
constitution project plan program programme group company corporation society summit conference forum
market markets energy earth sun moon web premier chancellor governor mayor senator minister ministers
leader opposition transitional transition county province region capital airport station centre center
ok tv i
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday
czech czechs swiss french greek greeks turk turks dutch thai scots welsh irish finn finns pole poles
spaniard spaniards swede swedes serb serbs croat croats arab arabs jew jews kurd kurds uzbek briton britons
st mt euro euros eurozone ceo cfo football gdp board directors championship stadium students research
""")

# Fallback when apertium is absent: frequent capitalised sentence starters that are not names.
STARTERS_ES = _words("""
ojalá algo alguien algunos algunas alguno alguna ninguno ninguna nadie nada varios varias ambos ambas
dijo dice afirmó aseguró señaló explicó añadió indicó agregó informó destacó subrayó recordó
es son fue fueron era eran será serán sería ha han había habían hay hubo habrá está están estaba
tiene tienen tenía puede pueden podría debe deben parece se trata sin embargo no obstante
pero sino entonces luego después antes mientras incluso sólo solo apenas casi tampoco quizás quizá
tal vez además asimismo finalmente primero segundo tercero uno dos tres cuatro cinco seis siete
ocho nueve diez cien mil millones miles cientos decenas medio mitad parte resto mayoría
unos unas este esto estos allí ahí acá cerca lejos dentro fuera arriba abajo encima
hace hacía desde pasado próximo última último últimos últimas nuevo nuevos nuevas primeros primeras
cada cualquier tanto tanta tantos tantas mismo misma mismos mismas demás otra
qué cómo cuándo dónde cuánto cuántos cuál cuáles quién quiénes por qué porque
mucha muchas poca pocas bastante demasiado demasiados todavía aún siempre nunca jamás
entre sobre bajo durante mediante pese dado ante respecto acerca cuanto
estamos somos tenemos hemos vamos creo cree creen sé sabemos quiero queremos
el la los las lo al del ese esa esos esas aquello eso esto ello
gente personas hombre mujer niños familia país mundo vida casa trabajo caso problema situación
también aunque como cuando donde si sí no ya así ahora hoy ayer mañana allí aquí bien mal
""")

STARTERS_EN = _words("""
some someone something somebody none nobody nothing many several both either neither few most
said says say told asked added explained noted stressed recalled reported
is are was were be been being will would shall should can could may might must has have had do
does did there here then later earlier first second third one two three four five six seven
eight nine ten hundred hundreds thousand thousands million millions billion half part rest
however nevertheless nonetheless moreover furthermore meanwhile instead indeed perhaps maybe
only just even still already almost nearly never always often sometimes also too again soon
what how when where why who which whose whom whether while since until unless although though
after before during despite following given under over above below between among across
this that these those such same each every any all another other others
people man men woman women children family country world life home work case problem situation
last next new old recent latest early late long short big small high low good bad
yes no not so thus hence therefore because if as once like unlike
we you they he she it i my our your their his her its us them him me lo behold
""")
