"""Spanish names of places whose English name differs by more than accents or a letter or two: a city or
region spelled close to the source in English (Génova / Genoa, Burdeos / Bordeaux) is its exonym, not a
misspelt name. Then places English knows by their Spanish name, common words and all: "Coast Rica" is
wrong. Lines as in `namelists`: Spanish forms | ... = English forms | ..."""

from __future__ import annotations

PLACE_EXONYM_LINES = """
Burdeos = Bordeaux
Marsella = Marseille|Marseilles
Niza = Nice
Aviñón = Avignon
Estrasburgo = Strasbourg
Normandía = Normandy
Bretaña = Brittany
Córcega = Corsica
Cerdeña = Sardinia
Sicilia = Sicily
Lombardía = Lombardy
Toscana = Tuscany
Génova = Genoa
Turín = Turin
Milán = Milan
Nápoles = Naples
Florencia = Florence
Venecia = Venice
Bolonia = Bologna
Lieja = Liège|Liege
Amberes = Antwerp
Gante = Ghent
Brujas = Bruges
La Haya = The Hague
Ámsterdam = Amsterdam
Róterdam = Rotterdam
Luxemburgo = Luxembourg
Basilea = Basel|Basle
Berna = Bern|Berne
Lausana = Lausanne
Lucerna = Lucerne
Zúrich = Zurich
Múnich = Munich
Fráncfort = Frankfurt
Núremberg = Nuremberg|Nurnberg|Nürnberg
Hamburgo = Hamburg
Hanóver = Hanover|Hannover
Dresde = Dresden
Aquisgrán = Aachen
Maguncia = Mainz
Ratisbona = Regensburg
Renania = Rhineland
Westfalia = Westphalia
Turingia = Thuringia
Brandeburgo|Brandenburgo = Brandenburg
Salzburgo = Salzburg
Estiria = Styria
Tirol = Tyrol
Copenhague = Copenhagen
Estocolmo = Stockholm
Gotemburgo = Gothenburg
Edimburgo = Edinburgh
Dublín = Dublin
Cracovia = Krakow|Kraków|Cracow
Breslavia = Wroclaw|Wrocław
Danzig = Gdansk|Gdańsk
Bucarest = Bucharest
Belgrado = Belgrade
Transilvania = Transylvania
Kiev = Kiev|Kyiv
Chechenia = Chechnya
Tiflis = Tbilisi
Salónica = Thessaloniki
Esmirna = Izmir
Damasco = Damascus
Bagdad = Baghdad
Teherán = Tehran
Riad = Riyadh
Yeda = Jeddah
La Meca = Mecca
Cachemira = Kashmir
Bombay = Mumbai|Bombay
Calcuta = Kolkata|Calcutta
Shanghái = Shanghai
Seúl = Seoul
Hanói = Hanoi
Yakarta = Jakarta
El Cabo|Ciudad del Cabo = Cape Town
Jartum = Khartoum
Trípoli = Tripoli
Bengasi = Benghazi
Argel = Algiers
Mogadiscio = Mogadishu
Adís Abeba = Addis Ababa
Costa de Marfil = Ivory Coast|Côte d'Ivoire
Cabo Verde = Cape Verde
Cabo Cañaveral = Cape Canaveral
Sierra Leona = Sierra Leone
Nueva Jersey = New Jersey
Nueva Escocia = Nova Scotia
Misuri = Missouri
Tejas = Texas
Groenlandia = Greenland
Islandia = Iceland
Malvinas|Islas Malvinas = Falklands|Falkland Islands
Isla de Pascua = Easter Island
Monte Everest = Mount Everest
Torre Eiffel = Eiffel Tower
Canal de Panamá = Panama Canal
Puerto Príncipe = Port-au-Prince
Virgen María = Virgin Mary
Costa Rica = Costa Rica
Puerto Rico = Puerto Rico
Buenos Aires = Buenos Aires
Los Ángeles = Los Angeles|LA|L.A.
Las Vegas = Las Vegas
Santa Cruz = Santa Cruz
El Salvador = El Salvador
San Salvador = San Salvador
Río de Janeiro = Rio de Janeiro|Rio
Nuevo León = Nuevo León|Nuevo Leon
Baja California = Baja California
Tierra del Fuego = Tierra del Fuego
Costa Brava = Costa Brava
Costa del Sol = Costa del Sol
Casa Rosada = Casa Rosada
Puerta del Sol = Puerta del Sol
Mar del Plata = Mar del Plata
Santo Domingo = Santo Domingo
"""

# Words for a kind of place or structure that English translates while it keeps the name beside it
# (Lago Titicaca -> Lake Titicaca, Monte Sinaí -> Mount Sinai): never evidence that a name was garbled.
GEOGRAPHIC_ES = """
cabo monte montes lago isla islas bahía canal golfo mar río sierra cerro valle volcán desierto península
estrecho torre puente catedral palacio castillo parque estadio aeropuerto estación provincia región
condado distrito departamento estado municipio barrio colonia
"""
