"""Fictional names for the demo world: original script, Latin form, sex.

Pools mix the languages the programme works in; any resemblance to real people is
accidental.
"""

ARABIC_MALE = [
    ("محمد", "Mohamed"),
    ("يوسف", "Youssef"),
    ("عمر", "Omar"),
    ("خالد", "Khaled"),
    ("أحمد", "Ahmed"),
    ("سليم", "Salim"),
    ("كريم", "Karim"),
    ("حمزة", "Hamza"),
    ("إبراهيم", "Ibrahim"),
    ("مصطفى", "Mustafa"),
    ("بلال", "Bilal"),
    ("ياسين", "Yassine"),
]
ARABIC_FEMALE = [
    ("فاطمة", "Fatima"),
    ("عائشة", "Aicha"),
    ("مريم", "Meryem"),
    ("زينب", "Zainab"),
    ("سارة", "Sara"),
    ("نور", "Nour"),
    ("خديجة", "Khadija"),
    ("أمينة", "Amina"),
    ("ليلى", "Leila"),
    ("هدى", "Houda"),
    ("سلمى", "Salma"),
    ("رقية", "Roukaya"),
]
ARABIC_FAMILY = [
    ("الحداد", "El Haddad"),
    ("بن علي", "Ben Ali"),
    ("العمري", "El Omari"),
    ("الشريف", "Cherif"),
    ("المنصوري", "Mansouri"),
    ("بوزيد", "Bouzid"),
    ("الطاهري", "Tahiri"),
    ("القاسمي", "Kacimi"),
    ("العلوي", "Alaoui"),
    ("بن يوسف", "Benyoussef"),
]
SOMALI_MALE = ["Abdirahman", "Hassan", "Mahad", "Abdullahi", "Farah"]
SOMALI_FEMALE = ["Hodan", "Ayaan", "Fadumo", "Sagal", "Ifrah"]
SOMALI_FAMILY = ["Warsame", "Abdi", "Hussein", "Omar", "Jama"]
FRENCH_MALE = ["Jean-Baptiste", "Moussa", "Ibrahima", "Oumar", "Adama"]
FRENCH_FEMALE = ["Aminata", "Mariam", "Awa", "Fatoumata", "Kadiatou"]
FRENCH_FAMILY = ["Traoré", "Diallo", "Coulibaly", "Keïta", "Sangaré"]
