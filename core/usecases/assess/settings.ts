import { AppError, fail, ok } from '../../contracts/app-error';
import type { CategoriesSetInput, ConfigGetInput, ConfigSaveInput, OrgRulesListInput, OrgRulesSaveInput } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import type { AssessConfig } from '../../domain/assess/config';
import type { OrgRuleDoc } from '../../domain/assess/org-rules';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { targetGrant, targetMember } from '../shared/authorize';
import { callerGrant } from './caller';
import { loadConfig, loadOrgRules } from './loaders';

/** assess.orgRules.list: the org rules in force (defaults until saved). Requests: caller, rules = 2. */
export async function listOrgRules(_ctx: MemberCtx, _input: OrgRulesListInput): Promise<Result<{ rules: Omit<OrgRuleDoc, 'createdAt'>[] }>> {
  return ok({ rules: (await loadOrgRules()).map(({ createdAt, ...r }) => (void createdAt, r)) });
}

/**
 * assess.orgRules.save: a new version of an org rule (the old one superseded; entries keep the
 * version they were posted under). A stale editor (expectedVersion) gets CONFLICT.
 * Requests: caller, rules, then start, old version, new version, audit, commit (+1 superseding) ≈ 8.
 */
export async function saveOrgRule(ctx: MemberCtx, input: OrgRulesSaveInput): Promise<Result<{ rule: { id: string; version: number } }>> {
  if (input.basis === 'computed' && !input.metric) return fail('INVALID_INPUT', '系统计算的项目需选择计算指标', 'metric');
  const current = (await loadOrgRules()).find((r) => r.code === input.code);
  if ((current?.version ?? 0) !== input.expectedVersion) return fail('CONFLICT');
  const version = input.expectedVersion + 1;
  const { expectedVersion, ...def } = input;
  void expectedVersion;
  const doc: OrgRuleDoc = { ...def, _id: `${input.code}@${version}`, version, status: 'active', createdAt: ctx.clock.now(), createdBy: ctx.actor.memberId };
  const grant = callerGrant(ctx);
  try {
    await db.transaction(async (tx) => {
      if (current && current.createdBy !== 'system') await tx.update('orgRules', current._id, { status: 'superseded' });
      const { _id, ...rest } = doc;
      if (await tx.get('orgRules', _id)) throw new AppError('CONFLICT');
      await tx.set('orgRules', _id, rest);
      await writeAudit(ctx, { role: grant.role, action: 'assess.orgRules.save', targetType: 'orgRule', targetId: doc._id, ancestors: [], before: current ?? null, after: doc }, tx);
    });
  } catch (e) {
    if (e instanceof AppError) return e.toFail();
    throw e;
  }
  return ok({ rule: { id: doc._id, version } });
}

/** assess.config.get: the assessment settings in force. Requests: caller, settings = 2. */
export async function getConfig(_ctx: MemberCtx, _input: ConfigGetInput): Promise<Result<{ config: AssessConfig }>> {
  return ok({ config: await loadConfig() });
}

/**
 * assess.config.save: a new version of the settings (`v<n>` kept, `current` replaced). A cycle
 * keeps the version it was computed with. Requests: caller, current, then start, version, current, audit, commit = 7.
 */
export async function saveConfig(ctx: MemberCtx, input: ConfigSaveInput): Promise<Result<{ version: number }>> {
  const codes = new Set(input.categories.map((c) => c.code));
  if (!codes.has(input.defaultCategory)) return fail('INVALID_INPUT', '默认类别不在类别列表中', 'defaultCategory');
  if (!codes.has(input.flowCategory)) return fail('INVALID_INPUT', '流动党员类别不在类别列表中', 'flowCategory');
  const t = input.thresholds;
  if (!(t.excellent >= t.good && t.good >= t.pass)) return fail('INVALID_INPUT', '等次分数线应为 优秀 ≥ 合格 ≥ 基本合格', 'thresholds');
  if (input.orgThresholds.first < input.orgThresholds.second) return fail('INVALID_INPUT', '一类分数线应不低于二类', 'orgThresholds');
  const current = await loadConfig();
  if (current.version !== input.expectedVersion) return fail('CONFLICT');
  const { expectedVersion, ...rest } = input;
  const next: AssessConfig = { ...rest, version: expectedVersion + 1 };
  const grant = callerGrant(ctx);
  await db.transaction(async (tx) => {
    await tx.set('assessConfig', `v${next.version}`, next);
    await tx.set('assessConfig', 'current', next);
    await writeAudit(
      ctx,
      { role: grant.role, action: 'assess.config.save', targetType: 'assessConfig', targetId: `v${next.version}`, ancestors: [], before: { version: current.version }, after: next },
      tx,
    );
  });
  return ok({ version: next.version });
}

/** assess.categories.set: a member's assessment category (在职, 农村, 流动…). Requests: caller, member, settings, write, audit = 5. */
export async function setCategory(ctx: MemberCtx, input: CategoriesSetInput): Promise<Result<{ memberId: string; category: string }>> {
  const m = targetMember(ctx);
  const cfg = await loadConfig();
  if (!cfg.categories.some((c) => c.code === input.category)) return fail('INVALID_INPUT', '没有该考核类别', 'category');
  await db.set('memberCategories', m._id, { branchId: m.branchId, ancestors: m.ancestors, category: input.category, updatedAt: ctx.clock.now() });
  await writeAudit(ctx, {
    role: targetGrant(ctx).role,
    action: 'assess.categories.set',
    targetType: 'member',
    targetId: m._id,
    ancestors: m.ancestors,
    before: null,
    after: { category: input.category },
  });
  return ok({ memberId: m._id, category: input.category });
}
