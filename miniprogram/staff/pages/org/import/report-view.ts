import type { ImportResult } from '../../../../../core/contracts/org';

/** The dry-run / commit report as the page shows it. */
export type ReportView = {
  summary: string;
  counts: { key: string; label: string; value: number }[];
  issues: { key: string; where: string; message: string }[];
  more: string;
  preview: { key: string; title: string; note: string }[];
  canCommit: boolean;
};

export function reportView(r: ImportResult): ReportView {
  const changes = r.created + r.updated;
  const summary = r.dryRun
    ? r.invalid
      ? `共 ${r.rows} 行，其中 ${r.invalid} 行有问题不会导入；其余 ${r.valid} 行可以导入。`
      : `共 ${r.rows} 行，全部通过检查。`
    : `导入完成：新增 ${r.created} 人，更新 ${r.updated} 人，未变化 ${r.unchanged} 人${r.invalid ? `，跳过有问题的 ${r.invalid} 行` : ''}。`;
  return {
    summary,
    counts: [
      { key: 'created', label: r.dryRun ? '将新增' : '已新增', value: r.created },
      { key: 'updated', label: r.dryRun ? '将更新' : '已更新', value: r.updated },
      { key: 'unchanged', label: '无变化', value: r.unchanged },
      { key: 'invalid', label: '有问题', value: r.invalid },
    ],
    issues: r.issues.map((i) => ({ key: `${i.row}:${i.column}:${i.code}`, where: `第 ${i.row} 行 · ${i.column}`, message: i.message })),
    more: r.issuesTotal > r.issues.length ? `另有 ${r.issuesTotal - r.issues.length} 个问题未列出，请修改后重新预检` : '',
    preview: r.preview.map((p) => ({
      key: `${p.row}:${p.memberId}`,
      title: `第 ${p.row} 行 · ${p.name}`,
      note: p.kind === 'create' ? '新增' : `更新：${p.fields.join('、')}`,
    })),
    canCommit: r.dryRun && changes > 0,
  };
}
