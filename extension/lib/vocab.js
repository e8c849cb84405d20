// Display words for the server's controlled vocabularies (server/vocab.py): outlet kinds,
// relation kinds, label kinds, report-link relations and suggestion kinds. One place, so the
// panel, the popup, the toolbar badge and the link badges all say the same thing. The server
// is the source of truth: tests/extension/test_vocab_parity.py fails when the two disagree.

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
  rater_assessment: "Rater's assessment",
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

/**
 * The server's vocabularies the extension has words for, under their names in server/vocab.py.
 * The values must be the server's, as sets: the panel keeps its own display order.
 */
export const SERVER_VOCABULARIES = {
  OUTLET_KINDS: Object.keys(OUTLET_KINDS),
  RELATION_KINDS: Object.keys(RELATION_KINDS),
  LABEL_KINDS: Object.keys(LABEL_KINDS),
  REPORT_RELATIONS: REPORT_RELATION_NAMES,
  SUGGESTION_KINDS,
};

/** The server's other vocabularies, and why the extension needs no words for them. */
export const VOCABULARIES_NOT_SHOWN = {
  OUTLET_STATUSES: "sent with an outlet's record; the panel does not show it",
  DOMAIN_ROLES: 'the domain index carries no roles; the panel does not show domain rules',
  ENTITY_KINDS: 'sent with each entity of an ownership path; the panel does not show it',
  REPORT_STATUSES: 'not part of the public records the extension reads',
  SUGGESTION_STATUSES: 'suggestion:submit passes the new status through; nothing shows it',
  ROLES: "maintainers' roles: not part of the public API",
  REVISION_ACTIONS: 'revision history: not part of the public API',
  RECORD_TYPE_NAMES: 'revision history: not part of the public API',
};
