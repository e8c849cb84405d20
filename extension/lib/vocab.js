// Display words for the server's controlled vocabularies (server/vocab.py): outlet kinds,
// relation kinds, label kinds and report-link relations. One place, so the panel, the popup,
// the toolbar badge and the link badges all say the same thing.

export const OUTLET_KINDS = {
  state_controlled: { label: 'State-controlled media', code: 'STA', color: '#b3261e' },
  party_or_government: { label: 'Party or government media', code: 'GOV', color: '#c2410c' },
  public_service: { label: 'Public-service media', code: 'PSM', color: '#1d4ed8' },
  private: { label: 'Privately owned', code: 'PRV', color: '#4b5563' },
  nonprofit: { label: 'Non-profit', code: 'NPO', color: '#15803d' },
  cooperative: { label: 'Cooperative', code: 'COOP', color: '#0f766e' },
  unknown: { label: 'Ownership unclear', code: '?', color: '#6b7280' },
};

export function outletKind(kind) {
  return Object.hasOwn(OUTLET_KINDS, kind) ? OUTLET_KINDS[kind] : OUTLET_KINDS.unknown;
}

export const RELATION_KINDS = {
  owned_by: 'owned by',
  operated_by: 'operated by',
  controlled_by: 'controlled by',
  funded_by: 'funded by',
};

export const LABEL_KINDS = {
  state_affiliated: 'State-affiliated',
  state_funded: 'State-funded',
  state_controlled: 'State-controlled',
  sanctioned: 'Sanctioned',
  foreign_agent_registration: 'Foreign-agent registration',
  platform_label: 'Platform label',
  broadcast_ban: 'Broadcast ban',
  fact_check_signatory: 'Fact-check signatory',
  regulatory_finding: 'Regulatory finding',
};

// Report-link relations are read from the article's side: "disputes" means this article
// disputes the linked report. Order here is the order the panel shows the groups in.
export const REPORT_RELATIONS = [
  ['disputes', 'This article disputes'],
  ['disputed_by', 'This article is disputed by'],
  ['fact_check', 'Fact-checked by'],
  ['correction', 'Correction'],
  ['original_report', 'Original report'],
  ['context', 'Context and other coverage'],
];

export const SUGGESTION_KINDS = ['report', 'correction'];
export const REPORT_RELATION_NAMES = REPORT_RELATIONS.map(([name]) => name);

// ISO 3166 codes the seed uses most; anything else is shown as its code.
const COUNTRY_NAMES = {
  RU: 'Russia', CN: 'China', IR: 'Iran', TR: 'Turkey', QA: 'Qatar', US: 'United States',
  GB: 'United Kingdom', DE: 'Germany', FR: 'France', ES: 'Spain', IT: 'Italy', BY: 'Belarus',
  VE: 'Venezuela', SA: 'Saudi Arabia', AE: 'United Arab Emirates', KP: 'North Korea',
  JP: 'Japan', KR: 'South Korea', IN: 'India', BR: 'Brazil', CA: 'Canada', AU: 'Australia',
  NL: 'Netherlands', BE: 'Belgium', CH: 'Switzerland', AT: 'Austria', SE: 'Sweden',
  NO: 'Norway', DK: 'Denmark', FI: 'Finland', PL: 'Poland', UA: 'Ukraine', IL: 'Israel',
  EG: 'Egypt', CU: 'Cuba', VN: 'Vietnam', HU: 'Hungary', RS: 'Serbia', IE: 'Ireland', EU: 'European Union',
};

export function countryName(code) {
  if (!code) return '';
  return COUNTRY_NAMES[code.toUpperCase()] ?? code.toUpperCase();
}
