import { AppError } from '../services/errors';
import { CHANNELS, type ChannelName } from '../../shared/channels';
import { parseInput } from '../../shared/contract';
import * as citations from '../services/citations';
import * as compare from '../services/compare';
import * as history from '../services/history';
import * as issues from '../services/issues';
import * as marking from '../services/marking';
import * as negotiations from '../services/negotiations';
import * as parties from '../services/parties';
import * as people from '../services/people';
import * as positions from '../services/positions';
import * as redLines from '../services/redLines';
import * as developments from '../services/developments';
import * as linkages from '../services/linkages';
import * as documents from '../services/documents';
import * as rounds from '../services/rounds';
import * as search from '../services/search';
import { createSample } from '../services/sample';
import * as drafts from '../services/drafts';
import * as removal from '../services/removal';
import * as sources from '../services/sources';
import * as switcher from '../services/switcher';
import * as transfer from '../services/transfer';
import * as share from '../services/share';
import type { DomainHandlers, Handler, HandlerContext, Handlers } from './types';

const app: DomainHandlers<'app'> = {
  'app:info': (_input, ctx) => ctx.info,
  'app:status': (_input, ctx) => ctx.app.status(),
  'app:diagnostics': (_input, ctx) => ctx.app.diagnostics(),
  // The desktop shell answers this itself (main/electron/main.ts) and opens the folder; a
  // browser cannot open a folder on this computer, so here the answer only says where it is.
  'app:showDataFolder': (_input, ctx) => ({ opened: false, folder: ctx.app.location().folder }),
};

const backupHandlers: DomainHandlers<'backups'> = {
  'backups:list': (_input, ctx) => ({
    backups: ctx.app.backups.list(),
    settings: ctx.app.backups.settings(),
    folder: ctx.app.backups.dir,
  }),
  'backups:create': (_input, ctx) => ctx.app.backupNow(),
  'backups:restore': (input, ctx) => ctx.app.restore(input.name),
  'backups:settings': (input, ctx) => ctx.app.backups.saveSettings(input),
  'backups:delete': (input, ctx) => {
    const deleted = ctx.app.backups.remove(input.names);
    ctx.app.events.emit('backups:changed', { error: null });
    return { deleted };
  },
};

const removalHandlers: DomainHandlers<'removal'> = {
  'removal:preview': (input, ctx) => removal.preview(ctx.store, ctx.app.backups, input),
  'removal:confirm': (input, ctx) => removal.confirm(ctx.store, ctx.app.backups, input),
};

const settingsHandlers: DomainHandlers<'settings'> = {
  'settings:get': (_input, ctx) => ctx.app.settings(),
  'settings:update': (input, ctx) => {
    const current = ctx.app.settings();
    return ctx.app.updateSettings({
      ...(input.you ? { you: { ...current.you, ...input.you } } : {}),
      ...(input.security ? { security: { ...current.security, ...input.security } } : {}),
      ...(input.backups ? { backups: { ...current.backups, ...input.backups } } : {}),
      ...(input.documents ? { documents: { ...current.documents, ...input.documents } } : {}),
      ...(input.appearance ? { appearance: { ...current.appearance, ...input.appearance } } : {}),
      ...(input.spelling ? { spelling: { ...current.spelling, ...input.spelling } } : {}),
      ...(input.dates ? { dates: { ...current.dates, ...input.dates } } : {}),
    });
  },
  'settings:location': (_input, ctx) => ctx.app.location(),
  'settings:chooseLocation': (input, ctx) => ctx.app.chooseLocation(input.folder),
};

const syncHandlers: DomainHandlers<'sync'> = {
  'sync:state': (_input, ctx) => ctx.app.deskSync(),
  'sync:connect': (input, ctx) => ctx.app.connectDeskSync(input.address, input.token),
  'sync:disconnect': (_input, ctx) => ctx.app.disconnectDeskSync(),
};

const draftHandlers: DomainHandlers<'drafts'> = {
  'drafts:list': (_input, ctx) => drafts.list(ctx.store),
  'drafts:put': (input, ctx) => drafts.put(ctx.store, input),
  'drafts:remove': (input, ctx) => drafts.remove(ctx.store, input.key, input.seq),
  'drafts:commit': (input, ctx) => drafts.commit(ctx.store, input, (save) => runSave(save, ctx)),
};

let table: Handlers | undefined;

/** A draft's save call, validated and handled exactly as if it had come as a call of its own. */
function runSave(save: { channel: string; input: unknown }, ctx: HandlerContext): unknown {
  // The draft's schema allows update channels only.
  const channel = save.channel as ChannelName;
  const parsed = parseInput(channel, save.input);
  if (!parsed.ok) throw new AppError('invalid_input', parsed.error.message, parsed.error.field);
  table ??= buildHandlers();
  return (table[channel] as Handler<ChannelName>)(parsed.data as never, ctx);
}

const securityHandlers: DomainHandlers<'security'> = {
  'security:setup': (input, ctx) => ctx.app.setUp(input.passphrase, input.askEveryStart),
  'security:unlock': (input, ctx) => ctx.app.unlock(input),
  'security:lock': (_input, ctx) => ctx.app.lock('idle'),
  'security:state': (_input, ctx) => ctx.app.security(),
  'security:changePassphrase': (input, ctx) => ctx.app.changePassphrase(input.current, input.next),
  'security:recoveryKey': (_input, ctx) => ctx.app.recoveryKey(),
};

const recoveryHandlers: DomainHandlers<'recovery'> = {
  'recovery:startEmpty': (_input, ctx) => ctx.app.startEmpty(),
};

const markings: DomainHandlers<'markings'> = {
  'markings:list': (_input, ctx) => marking.list(ctx.store),
};

const negotiationHandlers: DomainHandlers<'negotiations'> = {
  'negotiations:list': (_input, ctx) => negotiations.list(ctx.store),
  'negotiations:create': (input, ctx) => negotiations.create(ctx.store, input),
  'negotiations:get': (input, ctx) => negotiations.get(ctx.store, input.id),
  'negotiations:update': (input, ctx) => negotiations.update(ctx.store, input),
  'negotiations:delete': (input, ctx) => negotiations.remove(ctx.store, input.id),
};

const partyHandlers: DomainHandlers<'parties'> = {
  'parties:create': (input, ctx) => parties.create(ctx.store, input),
  'parties:update': (input, ctx) => parties.update(ctx.store, input),
  'parties:delete': (input, ctx) => parties.remove(ctx.store, input.id),
  'parties:reorder': (input, ctx) => parties.reorder(ctx.store, input),
};

const peopleHandlers: DomainHandlers<'people'> = {
  'people:create': (input, ctx) => people.create(ctx.store, input),
  'people:update': (input, ctx) => people.update(ctx.store, input),
  'people:delete': (input, ctx) => people.remove(ctx.store, input.id),
  'people:reorder': (input, ctx) => people.reorder(ctx.store, input),
};

const issueHandlers: DomainHandlers<'issues'> = {
  'issues:create': (input, ctx) => issues.create(ctx.store, input),
  'issues:update': (input, ctx) => issues.update(ctx.store, input),
  'issues:delete': (input, ctx) => issues.remove(ctx.store, input.id),
  'issues:reorder': (input, ctx) => issues.reorder(ctx.store, input),
};

const roundHandlers: DomainHandlers<'rounds'> = {
  'rounds:create': (input, ctx) => rounds.create(ctx.store, input),
  'rounds:carryForward': (input, ctx) => rounds.carryForward(ctx.store, input),
  'rounds:get': (input, ctx) => rounds.get(ctx.store, input.id),
  'rounds:update': (input, ctx) => rounds.update(ctx.store, input),
  'rounds:delete': (input, ctx) => rounds.remove(ctx.store, input.id),
  'rounds:reorder': (input, ctx) => rounds.reorder(ctx.store, input),
};

const positionHandlers: DomainHandlers<'positions'> = {
  'positions:create': (input, ctx) => positions.create(ctx.store, input),
  'positions:update': (input, ctx) => positions.update(ctx.store, input),
  'positions:delete': (input, ctx) => positions.remove(ctx.store, input.id),
  'positions:link': (input, ctx) => positions.link(ctx.store, input),
  'positions:linkCandidates': (input, ctx) => positions.linkCandidates(ctx.store, input.id),
};

const redLineHandlers: DomainHandlers<'redLines'> = {
  'redLines:create': (input, ctx) => redLines.create(ctx.store, input),
  'redLines:update': (input, ctx) => redLines.update(ctx.store, input),
  'redLines:delete': (input, ctx) => redLines.remove(ctx.store, input.id),
};

const developmentHandlers: DomainHandlers<'developments'> = {
  'developments:create': (input, ctx) => developments.create(ctx.store, input),
  'developments:update': (input, ctx) => developments.update(ctx.store, input),
  'developments:delete': (input, ctx) => developments.remove(ctx.store, input.id),
};

const linkageHandlers: DomainHandlers<'linkages'> = {
  'linkages:create': (input, ctx) => linkages.createLinkage(ctx.store, input),
  'linkages:update': (input, ctx) => linkages.updateLinkageItem(ctx.store, input),
  'linkages:delete': (input, ctx) => linkages.removeLinkage(ctx.store, input.id),
};

const packageHandlers: DomainHandlers<'packages'> = {
  'packages:create': (input, ctx) => linkages.createPackage(ctx.store, input),
  'packages:update': (input, ctx) => linkages.updatePackageItem(ctx.store, input),
  'packages:delete': (input, ctx) => linkages.removePackage(ctx.store, input.id),
};

const sourceHandlers: DomainHandlers<'sources'> = {
  'sources:create': (input, ctx) => sources.create(ctx.store, input),
  'sources:update': (input, ctx) => sources.update(ctx.store, input),
  'sources:delete': (input, ctx) => sources.remove(ctx.store, input.id),
};

const documentHandlers: DomainHandlers<'documents'> = {
  'documents:attach': (input, ctx) => documents.attach(ctx.store, input),
  'documents:update': (input, ctx) => documents.update(ctx.store, input),
  'documents:delete': (input, ctx) => documents.remove(ctx.store, input.id),
  'documents:view': (input, ctx) => documents.view(ctx.store, input.id),
};

const citationHandlers: DomainHandlers<'citations'> = {
  'citations:create': (input, ctx) => citations.create(ctx.store, input),
  'citations:delete': (input, ctx) => citations.remove(ctx.store, input.id),
};

const compareHandlers: DomainHandlers<'compare'> = {
  'compare:rounds': (input, ctx) => compare.rounds(ctx.store, input.fromRoundId, input.toRoundId),
  'compare:trajectory': (input, ctx) =>
    compare.trajectory(ctx.store, input.negotiationId, input.partyId, input.preload, input.window),
  'compare:lineage': (input, ctx) => compare.lineage(ctx.store, input.positionId),
  'compare:excerpts': (input, ctx) => compare.excerpts(ctx.store, input.positionIds),
  'compare:parties': (input, ctx) => compare.parties(ctx.store, input.roundId),
  'compare:redLineDrift': (input, ctx) => compare.redLineDrift(ctx.store, input.redLineId),
};

const conflictHandlers: DomainHandlers<'conflicts'> = {
  'conflicts:assess': (input, ctx) => compare.assess(ctx.store, input),
};

const briefingHandlers: DomainHandlers<'briefing'> = {
  'briefing:defaults': (input, ctx) => ctx.briefings.defaults(input),
  'briefing:preview': (input, ctx) => ctx.briefings.preview(input),
  'briefing:export': (input, ctx) => ctx.briefings.export(input.jobId, input.format),
  'briefing:print': (input, ctx) => ctx.briefings.print(input.jobId),
  'briefing:cancel': (input, ctx) => ctx.briefings.cancel(input.jobId),
};

const historyHandlers: DomainHandlers<'history'> = {
  'history:forItem': (input, ctx) => history.forItem(ctx.store, input.entity, input.id),
  'history:state': (input, ctx) => history.state(ctx.store, input.scopeId),
  'history:undo': (input, ctx) => history.undo(ctx.store, input.scopeId),
  'history:redo': (input, ctx) => history.redo(ctx.store, input.scopeId),
};

const sampleHandlers: DomainHandlers<'samples'> = {
  'samples:create': (_input, ctx) => createSample(ctx.store),
};

const switcherHandlers: DomainHandlers<'switcher'> = {
  'switcher:items': (_input, ctx) => switcher.items(ctx.store),
};

const searchHandlers: DomainHandlers<'search'> = {
  'search:query': (input, ctx) => search.search(ctx.store, input),
};

const transferHandlers: DomainHandlers<'transfer'> = {
  'transfer:export': (input, ctx) =>
    transfer.deliverExport(
      ctx.store,
      ctx.deliver,
      input,
      { appVersion: ctx.info.version, schemaVersion: transfer.SCHEMA_VERSION },
      (fraction, message) =>
        ctx.app.events.emit('transfer:progress', { operation: 'export', fraction, message }),
    ),
  'transfer:import': (input, ctx) =>
    transfer.importNegotiationFile(
      ctx.store,
      { text: input.content },
      (fraction, message) =>
        ctx.app.events.emit('transfer:progress', { operation: 'import', fraction, message }),
      input.fileName,
    ),
  // The desktop app answers both on its main thread (main/electron/main.ts): the open dialog
  // lives there. Anywhere else there is no dialog to open.
  'transfer:chooseImport': () => {
    throw new AppError('unavailable', DIALOG_ONLY);
  },
  'transfer:importChosen': () => {
    throw new AppError('unavailable', DIALOG_ONLY);
  },
};

const shareHandlers: DomainHandlers<'share'> = {
  'share:status': (input, ctx) => share.status(ctx.store, input.negotiationId),
  'share:export': (input, ctx) => share.shareUpdate(ctx.store, ctx.deliver, input),
  'share:receive': (input, ctx) => share.receiveUpdate(ctx.store, input),
  'share:conflicts': (input, ctx) => share.conflicts(ctx.store, input.negotiationId),
  'share:resolve': (input, ctx) => share.resolveConflict(ctx.store, input),
  'share:identity': (_input, ctx) => share.identity(ctx.store),
  'share:rename': (input, ctx) => share.rename(ctx.store, input.name),
  'share:trusted': (_input, ctx) => share.trusted(ctx.store),
  'share:distrust': (input, ctx) => share.distrust(ctx.store, input.publicKey),
  'share:policy': (_input, ctx) => share.policy(ctx.store),
  'share:setPolicy': (input, ctx) => share.setPolicy(ctx.store, input.refuseAboveMarkingId),
};

const DIALOG_ONLY = 'Choosing a file to import this way works in the desktop app only.';

const DOMAINS = [
  app,
  markings,
  negotiationHandlers,
  partyHandlers,
  peopleHandlers,
  issueHandlers,
  roundHandlers,
  positionHandlers,
  redLineHandlers,
  developmentHandlers,
  linkageHandlers,
  packageHandlers,
  sourceHandlers,
  documentHandlers,
  citationHandlers,
  compareHandlers,
  conflictHandlers,
  briefingHandlers,
  historyHandlers,
  sampleHandlers,
  switcherHandlers,
  searchHandlers,
  transferHandlers,
  shareHandlers,
  backupHandlers,
  recoveryHandlers,
  settingsHandlers,
  removalHandlers,
  securityHandlers,
  draftHandlers,
  syncHandlers,
];

/** All handlers, checked at start: each channel handled exactly once, none unknown. */
export function buildHandlers(): Handlers {
  const all: Record<string, unknown> = {};
  for (const domain of DOMAINS) {
    for (const [name, handler] of Object.entries(domain)) {
      if (name in all) throw new Error(`Channel ${name} has two handlers.`);
      all[name] = handler;
    }
  }
  const missing = CHANNELS.filter((name) => !(name in all));
  const extra = Object.keys(all).filter((name) => !(CHANNELS as readonly string[]).includes(name));
  if (missing.length || extra.length) {
    throw new Error(`Handlers do not match the contract: missing ${missing}, unknown ${extra}.`);
  }
  return all as Handlers;
}
