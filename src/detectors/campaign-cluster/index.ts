/**
 * campaign-cluster: several packages of this scan were made by one campaign.
 *
 * Two packages are linked when they share enough traits: one publisher plus two of {a dependency
 * edge between them, similar generated names, identical shipped files, identical README, created
 * within an hour of each other}; or, when publishers are unknown or differ, a dependency edge plus
 * two of the content traits. Linked packages form clusters (connected components); each cluster of
 * `minMembers` or more is reported once (one `clusterId`, every member listed) and raises each member.
 *
 * Monorepos look alike on purpose (one publisher, dependencies among themselves, releases within a
 * minute), so the counter-evidence is explicit: members with long publish histories, and members
 * declaring one repository, weigh against the cluster.
 */
import { z } from 'zod';
import { safeLine } from '../../report/sanitize.js';
import { defineScanDetector, type ScanDetectorFinding, type UnavailableSignal } from '../types.js';
import { memberOf, nameSeries, similarGeneratedNames, summarizeFiles, type Member } from './members.js';

const options = z.object({
  minMembers: z.number().int().min(2).default(3),
  /** Two packages created this close together count as created together (a farm builds its web in one sitting). */
  createdTogetherMinutes: z.number().positive().default(180),
  /** Traits besides a shared publisher needed for a link. */
  minSharedTraits: z.number().int().min(1).default(2),
  /** Members listed in the evidence (the count is always complete). */
  maxListedMembers: z.number().int().positive().default(50),
  /** Median member history that marks a cluster of maintained packages. */
  maintainedHistoryDays: z.number().positive().default(180),
  /** Publisher groups larger than this are compared only along dependency edges (bounds the work). */
  maxPairwiseGroup: z.number().int().positive().default(400),
  maxClusterWeight: z.number().default(35),
  weights: z
    .object({
      samePublisher: z.number().default(5),
      createdTogether: z.number().default(15),
      internalDependencies: z.number().default(10),
      generatedNames: z.number().default(10),
      sharedFiles: z.number().default(5),
      sharedReadme: z.number().default(5),
      maintainedMembers: z.number().default(-20),
      oneRepository: z.number().default(-15),
      monorepoDirectories: z.number().default(-15),
    })
    .default({
      samePublisher: 5,
      createdTogether: 15,
      internalDependencies: 10,
      generatedNames: 10,
      sharedFiles: 5,
      sharedReadme: 5,
      maintainedMembers: -20,
      oneRepository: -15,
      monorepoDirectories: -15,
    }),
});
type Options = z.output<typeof options>;

type Trait = 'dependency' | 'similar-names' | 'same-files' | 'same-readme' | 'created-together';

function dependsOn(a: Member, b: Member): boolean {
  return a.dependencyNames.includes(b.name) || b.dependencyNames.includes(a.name);
}

function sharedTraits(a: Member, b: Member, o: Options): Trait[] {
  const traits: Trait[] = [];
  if (dependsOn(a, b)) traits.push('dependency');
  if (similarGeneratedNames(a, b)) traits.push('similar-names');
  if (a.layoutKey !== undefined && a.layoutKey === b.layoutKey) traits.push('same-files');
  if (a.readmeKey !== undefined && a.readmeKey === b.readmeKey) traits.push('same-readme');
  if (a.createdAtMs !== undefined && b.createdAtMs !== undefined && Math.abs(a.createdAtMs - b.createdAtMs) <= o.createdTogetherMinutes * 60_000) {
    traits.push('created-together');
  }
  return traits;
}

function samePublisher(a: Member, b: Member): boolean {
  return a.publishers.some((p) => b.publishers.includes(p));
}

function linked(a: Member, b: Member, o: Options): boolean {
  const traits = sharedTraits(a, b, o);
  if (samePublisher(a, b)) return traits.length >= o.minSharedTraits;
  // Without a shared account, only a web (a dependency edge) with shared content links two packages.
  const content = traits.filter((t) => t === 'similar-names' || t === 'same-files' || t === 'same-readme');
  return traits.includes('dependency') && content.length >= o.minSharedTraits;
}

class UnionFind {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Candidate pairs: within each publisher's packages, and along every dependency edge of the scan. */
function candidatePairs(members: readonly Member[], o: Options): [number, number][] {
  const pairs = new Map<string, [number, number]>();
  const add = (i: number, j: number) => {
    if (i === j) return;
    const [a, b] = i < j ? [i, j] : [j, i];
    pairs.set(`${a},${b}`, [a, b]);
  };
  const byPublisher = new Map<string, number[]>();
  members.forEach((m, i) => {
    for (const p of m.publishers) {
      let group = byPublisher.get(p);
      if (!group) byPublisher.set(p, (group = []));
      group.push(i);
    }
  });
  for (const group of byPublisher.values()) {
    if (group.length > o.maxPairwiseGroup) continue;
    for (let x = 0; x < group.length; x++) for (let y = x + 1; y < group.length; y++) add(group[x]!, group[y]!);
  }
  const byName = new Map<string, number[]>();
  members.forEach((m, i) => {
    let list = byName.get(m.name);
    if (!list) byName.set(m.name, (list = []));
    list.push(i);
  });
  members.forEach((m, i) => {
    for (const dep of m.dependencyNames) for (const j of byName.get(dep) ?? []) add(i, j);
  });
  return [...pairs.values()];
}

interface ClusterFinding {
  messageId: string;
  data: Record<string, string | number>;
  weight: number;
  evidence: Record<string, string | number | string[]>;
}

/** Cluster-level traits, each with the share of members it covers, and the counter-evidence. */
function judgeCluster(cluster: Member[], o: Options): ClusterFinding[] {
  const n = cluster.length;
  const findings: ClusterFinding[] = [];
  const positive: { trait: string; weight: number; detail: string }[] = [];

  const publishers = new Set(cluster.flatMap((m) => m.publishers));
  if (cluster.every((m) => m.publishers.length > 0) && cluster.every((m) => samePublisher(m, cluster[0]!))) {
    positive.push({ trait: 'same-publisher', weight: o.weights.samePublisher, detail: [...publishers].slice(0, 3).join(', ') });
  }
  const created = cluster.map((m) => m.createdAtMs).filter((t): t is number => t !== undefined);
  if (created.length >= o.minMembers && created.length * 2 >= n) {
    const spanMinutes = Math.round((Math.max(...created) - Math.min(...created)) / 60_000);
    if (spanMinutes <= 24 * 60) positive.push({ trait: 'created-together', weight: o.weights.createdTogether, detail: `${created.length} created within ${spanMinutes} min` });
  }
  const names = new Set(cluster.map((m) => m.name));
  const edges = cluster.reduce((sum, m) => sum + m.dependencyNames.filter((d) => names.has(d) && d !== m.name).length, 0);
  if (edges >= n - 1) positive.push({ trait: 'internal-dependencies', weight: o.weights.internalDependencies, detail: `${edges} dependency edges among ${n} members` });
  else if (edges > 0) positive.push({ trait: 'internal-dependencies', weight: Math.round(o.weights.internalDependencies / 2), detail: `${edges} dependency edges among ${n} members` });
  const generated = cluster.filter((m) => m.generatedName || cluster.some((other) => nameSeries(m, other))).length;
  if (generated * 2 >= n) positive.push({ trait: 'generated-names', weight: o.weights.generatedNames, detail: `${generated} of ${n} names look generated or form a series` });
  const majority = (key: (m: Member) => string | undefined) => {
    const counts = new Map<string, number>();
    for (const m of cluster) {
      const k = key(m);
      if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return Math.max(0, ...counts.values());
  };
  const sameFiles = majority((m) => m.layoutKey);
  if (sameFiles * 2 >= n && sameFiles >= 2) positive.push({ trait: 'same-files', weight: o.weights.sharedFiles, detail: `${sameFiles} of ${n} ship identical files` });
  const sameReadme = majority((m) => m.readmeKey);
  if (sameReadme * 2 >= n && sameReadme >= 2) positive.push({ trait: 'same-readme', weight: o.weights.sharedReadme, detail: `${sameReadme} of ${n} share one README` });

  const raw = positive.reduce((s, p) => s + p.weight, 0);
  const weight = Math.min(raw, o.maxClusterWeight);
  findings.push({
    messageId: 'cluster',
    data: { members: n, traits: positive.map((p) => p.trait).join(', ') },
    weight,
    evidence: { traits: positive.map((p) => `${p.trait}: ${safeLine(p.detail, 160)}`) },
  });

  // Counter-evidence says "this cluster is no campaign": it can cancel the cluster's weight, but
  // must not reach into what other detectors found about the same packages.
  let cancellable = weight;
  const counter = (w: number) => {
    const bounded = Math.max(w, -cancellable);
    cancellable += bounded;
    return bounded;
  };

  const histories = cluster.map((m) => m.historyDays).filter((d): d is number => d !== undefined).sort((a, b) => a - b);
  const medianHistory = histories.length > 0 ? histories[Math.floor(histories.length / 2)]! : undefined;
  if (medianHistory !== undefined && histories.length * 2 >= n && medianHistory >= o.maintainedHistoryDays && cancellable > 0) {
    findings.push({
      messageId: 'maintained-members',
      data: { days: medianHistory },
      weight: counter(o.weights.maintainedMembers),
      evidence: { medianHistoryDays: medianHistory },
    });
  }
  const sameRepo = majority((m) => m.repositoryUrl);
  if (sameRepo * 5 >= n * 4 && cancellable > 0) {
    const url = cluster.find((m) => m.repositoryUrl !== undefined)?.repositoryUrl ?? '';
    findings.push({
      messageId: 'one-repository',
      data: { repository: safeLine(url, 200), count: sameRepo },
      weight: counter(o.weights.oneRepository),
      evidence: { field: 'repository', repository: safeLine(url, 200) },
    });
    // Each member in its own folder of that repository: the layout a monorepo tool writes.
    const directories = new Set(cluster.filter((m) => m.repositoryUrl === url).map((m) => m.repositoryDirectory).filter((d) => d !== undefined));
    if (directories.size * 5 >= n * 4 && cancellable > 0) {
      findings.push({
        messageId: 'monorepo-directories',
        data: { count: directories.size },
        weight: counter(o.weights.monorepoDirectories),
        evidence: { field: 'repository.directory', directories: [...directories].slice(0, 10).map((d) => safeLine(d, 120)) },
      });
    }
  }
  return findings;
}

export const campaignCluster = defineScanDetector({
  meta: {
    id: 'campaign-cluster',
    description: 'Packages of this scan that one campaign made: same publisher, generated names, identical files or README, created together, depending on each other.',
    needs: ['packument', 'files'],
    messages: {
      cluster: 'Member of a cluster of {members} packages in this scan sharing: {traits}.',
      'maintained-members': 'The cluster\'s packages have long histories (median {days} days): a maintained family, not a campaign (counter-evidence).',
      'one-repository': '{count} members declare one repository ({repository}), as a monorepo does (counter-evidence).',
      'monorepo-directories': '{count} members each live in their own folder of that repository (counter-evidence).',
    },
    options,
  },
  summarize: (facts) => summarizeFiles(facts),
  detect({ packages, options: o, now }) {
    const members = packages.map(({ facts, summary }) => memberOf(facts, summary, now));
    const unavailable: (UnavailableSignal & { packageKey: string })[] = [];
    for (const m of members) {
      const missing = [m.publishers.length === 0 ? 'publisher (_npmUser/maintainers)' : '', m.createdAtMs === undefined ? 'trustworthy `time.created`' : '']
        .filter(Boolean)
        .join(' and ');
      if (missing) unavailable.push({ packageKey: m.key, signal: 'campaign-cluster', reason: `${missing} not given by the registry: clusters use dependency edges and content only` });
    }

    const sets = new UnionFind(members.length);
    for (const [i, j] of candidatePairs(members, o)) if (linked(members[i]!, members[j]!, o)) sets.union(i, j);
    const clusters = new Map<number, Member[]>();
    members.forEach((m, i) => {
      const root = sets.find(i);
      let list = clusters.get(root);
      if (!list) clusters.set(root, (list = []));
      list.push(m);
    });

    const findings: ScanDetectorFinding[] = [];
    const ordered = [...clusters.values()].filter((c) => c.length >= o.minMembers).map((c) => c.sort((a, b) => (a.key < b.key ? -1 : 1)));
    ordered.sort((a, b) => (a[0]!.key < b[0]!.key ? -1 : 1));
    ordered.forEach((cluster, index) => {
      const clusterId = `cluster-${index + 1}`;
      const memberKeys = cluster.map((m) => safeLine(m.key, 230));
      for (const judged of judgeCluster(cluster, o)) {
        for (const m of cluster) {
          findings.push({
            packageKey: m.key,
            messageId: judged.messageId,
            data: { ...judged.data, clusterId },
            weight: judged.weight,
            evidence: { ...judged.evidence, clusterId, memberCount: cluster.length, members: memberKeys.slice(0, o.maxListedMembers) },
          });
        }
      }
    });
    return { findings, unavailable };
  },
});
