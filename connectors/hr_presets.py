"""Column presets of the HR connector (German Excel, SuccessFactors EmpJob, Workday) and the value tables it maps through."""

from __future__ import annotations

from dataclasses import dataclass

# Canonical fields a people export may carry; `columns` in sources.toml maps them to headers.
PEOPLE_FIELDS = (
    "employee_no", "email", "snapshot_date", "valid_from", "valid_to", "hire_date", "exit_date",
    "employment_type", "fte", "country", "location", "org_unit_id", "org_unit_name", "org_parent_id",
    "org_parent_name", "job_family", "role", "job_code", "cost_center", "manager_id", "age_band", "gender",
)
ORG_FIELDS = ("org_unit_id", "name", "parent_id", "manager_id", "level")
REQUIRED_ORG = ("org_unit_id", "name")


@dataclass(frozen=True)
class Preset:
    """What one HR system's export calls each canonical field, and how it writes FTE."""

    name: str
    people: dict[str, str]
    org: dict[str, str]
    required: tuple[str, ...]
    fte_unit: str = "fraction"  # "fraction": 0 < fte <= 1; "percent": 0 < fte <= 100


GERMAN_EXCEL = Preset(
    name="german_excel",
    people={
        "employee_no": "Personalnummer", "email": "E-Mail", "snapshot_date": "Stichtag",
        "valid_from": "Gültig ab", "valid_to": "Gültig bis", "hire_date": "Eintrittsdatum",
        "exit_date": "Austrittsdatum", "employment_type": "Beschäftigungsart", "fte": "Stellenanteil",
        "country": "Land", "location": "Standort", "org_unit_id": "Organisationseinheit",
        "org_parent_id": "Übergeordnete OE", "job_family": "Jobfamilie", "role": "Rolle",
        "job_code": "Stellenschlüssel", "cost_center": "Kostenstelle", "manager_id": "Führungskraft",
        "age_band": "Altersgruppe", "gender": "Geschlecht",
    },
    org={"org_unit_id": "OE-ID", "name": "Bezeichnung", "parent_id": "Übergeordnete OE",
         "manager_id": "Leitung", "level": "Ebene"},
    required=("employee_no", "hire_date", "employment_type", "fte"),
)

# EmpJob (job information, effective-dated by startDate/endDate) with its navigations to
# EmpEmployment (employmentNav: startDate = hire, endDate = termination) and User (userNav/email),
# flattened the way an OData $select names them. Org export: FODepartment.
SUCCESSFACTORS = Preset(
    name="successfactors",
    people={
        "employee_no": "userId", "email": "userNav/email", "valid_from": "startDate", "valid_to": "endDate",
        "hire_date": "employmentNav/startDate", "exit_date": "employmentNav/endDate",
        "employment_type": "employmentType", "fte": "fte", "country": "countryOfCompany", "location": "location",
        "org_unit_id": "department", "org_parent_id": "division", "role": "jobTitle", "job_code": "jobCode",
        "cost_center": "costCenter", "manager_id": "managerId",
    },
    org={"org_unit_id": "externalCode", "name": "name", "parent_id": "parent", "manager_id": "headOfUnit"},
    required=("employee_no", "valid_from", "hire_date", "fte"),
)

# Workday worker data as its connectors and reports flatten Get_Workers: Worker, Worker_Position
# (Full_Time_Equivalent_Percentage 0-100, Job_Profile_ID, Business_Site_Summary location), the
# position's supervisory organization and the primary work e-mail. Org export: Organization.
WORKDAY = Preset(
    name="workday",
    people={
        "employee_no": "worker_id", "email": "email_address",
        "hire_date": "hire_date", "exit_date": "termination_date", "employment_type": "position_time_type_code",
        "fte": "full_time_equivalent_percentage", "location": "business_site_summary_location",
        "org_unit_id": "supervisory_organization_id", "role": "business_title", "job_code": "job_profile_id",
    },
    org={"org_unit_id": "organization_id", "name": "organization_name", "parent_id": "superior_organization_id",
         "manager_id": "manager_id"},
    required=("employee_no", "hire_date", "fte"),
    fte_unit="percent",
)

PRESETS = {p.name: p for p in (GERMAN_EXCEL, SUCCESSFACTORS, WORKDAY)}

CANONICAL_EMPLOYMENT_TYPES = ("full_time", "part_time", "working_student", "apprentice")
EMPLOYMENT_TYPES = {
    "vollzeit": "full_time", "full-time": "full_time", "full_time": "full_time", "full time": "full_time",
    "fulltime": "full_time", "ft": "full_time",
    "teilzeit": "part_time", "part-time": "part_time", "part_time": "part_time", "part time": "part_time",
    "parttime": "part_time", "pt": "part_time",
    "werkstudent": "working_student", "werkstudentin": "working_student", "working_student": "working_student",
    "working student": "working_student",
    "auszubildende": "apprentice", "auszubildender": "apprentice", "azubi": "apprentice", "apprentice": "apprentice",
}
GENDERS = {"w": "f", "f": "f", "weiblich": "f", "female": "f", "m": "m", "männlich": "m", "male": "m",
           "d": "d", "divers": "d", "x": "d", "diverse": "d", "u": None, "unbekannt": None, "unknown": None}
NO_MANAGER = {"no_manager"}  # SuccessFactors' managerId of people at the top
OPEN_END = 9999  # SuccessFactors and SAP close open records with 9999-12-31

# ISO 3166-1 alpha-3 to alpha-2 (SuccessFactors' countryOfCompany and Workday write alpha-3).
_ALPHA3 = (
    "ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT "
    "AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO "
    "BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG "
    "COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO "
    "DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB "
    "GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY "
    "HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT "
    "JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY "
    "LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH "
    "MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA "
    "NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE "
    "PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA "
    "SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR "
    "SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO "
    "TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG "
    "VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW "
)
ALPHA3_TO_ALPHA2 = {pair[:3]: pair[3:] for pair in _ALPHA3.split()}
