// Offline stand-ins for the globals SST gives sst.config.ts (`sst`, `aws`, `$app`, `$dev`,
// `$interpolate`, `$cli`, `$config`). They create nothing: they record what the stacks ask for.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type Args = Record<string, unknown>;

export interface Recorded {
  type: string;
  name: string;
  args: Args;
  instance: object;
}

export interface RouteRecord {
  api: string;
  route: string;
  /** Whatever was passed: FunctionArgs, a handler string, or a Function's arn. */
  handler: unknown;
  args: Args | undefined;
}

export interface SubscriptionRecord {
  queue: string;
  subscriber: unknown;
  args: Args | undefined;
}

export interface SstRecorder {
  resources: Recorded[];
  routes: RouteRecord[];
  subscriptions: SubscriptionRecord[];
  byName(name: string): Recorded;
  ofType(type: string): Recorded[];
  /** Every function definition (FunctionArgs) from Functions, queue subscribers and crons. */
  functionDefinitions(): { owner: string; args: Args }[];
  /** The FunctionArgs behind a route (follows a Function's arn). */
  routeFunction(route: RouteRecord): { owner: string; args: Args };
  nameOf(instance: unknown): string | undefined;
  restore(): void;
}

const GLOBALS = ["sst", "aws", "$app", "$dev", "$interpolate", "$cli", "$config"] as const;

export function installSstStubs(options: { stage: string; root: string }): SstRecorder {
  const g = globalThis as unknown as Record<string, unknown>;
  const saved = new Map(GLOBALS.map((key) => [key, g[key]]));
  const resources: Recorded[] = [];
  const routes: RouteRecord[] = [];
  const subscriptions: SubscriptionRecord[] = [];
  const arnOwner = new Map<string, Recorded>();

  const record = (type: string, name: string, args: Args | undefined, instance: object) => {
    if (resources.some((r) => r.name === name)) throw new Error(`duplicate component name: ${name}`);
    const entry = { type, name, args: args ?? {}, instance };
    resources.push(entry);
    return entry;
  };

  class Component {
    readonly arn: string;
    constructor(type: string, name: string, args?: Args) {
      this.arn = `arn:aws:stub:ap-southeast-3:000000000000:${type}:${name}`;
      arnOwner.set(this.arn, record(type, name, args, this));
    }
  }

  class Dynamo extends Component {
    readonly name: string;
    constructor(name: string, args: Args) {
      super("sst.aws.Dynamo", name, args);
      this.name = `stub-${name}-table`;
    }
  }
  class Secret extends Component {
    readonly value: string;
    constructor(name: string, placeholder?: string) {
      super("sst.Secret", name, { placeholder });
      this.value = `stub-secret-${name}`;
    }
  }
  class Fn extends Component {
    constructor(name: string, args: Args) {
      super("sst.aws.Function", name, args);
    }
  }
  class ApiGatewayV2 extends Component {
    readonly url: string;
    private readonly apiName: string;
    constructor(name: string, args?: Args) {
      super("sst.aws.ApiGatewayV2", name, args);
      this.apiName = name;
      this.url = `https://stub-${name.toLowerCase()}.execute-api.ap-southeast-3.amazonaws.com`;
    }
    route(route: string, handler: unknown, args?: Args) {
      if (!/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) \/\S*$/.test(route)) {
        throw new Error(`invalid route: ${route}`);
      }
      if (routes.some((r) => r.api === this.apiName && r.route === route)) {
        throw new Error(`duplicate route: ${route}`);
      }
      routes.push({ api: this.apiName, route, handler, args });
    }
  }
  class Queue extends Component {
    readonly url: string;
    readonly nodes: { queue: { name: string } };
    private subscribed = false;
    private readonly queueName: string;
    constructor(name: string, args?: Args) {
      super("sst.aws.Queue", name, args);
      this.queueName = name;
      this.url = `https://sqs.ap-southeast-3.amazonaws.com/000000000000/stub-${name}`;
      this.nodes = { queue: { name: `stub-${name}` } };
    }
    subscribe(subscriber: unknown, args?: Args) {
      // Same rule as SST: an SQS queue takes ONE subscriber.
      if (this.subscribed)
        throw new Error(`Cannot subscribe to the "${this.queueName}" queue multiple times.`);
      this.subscribed = true;
      subscriptions.push({ queue: this.queueName, subscriber, args });
      return { queue: this.queueName };
    }
  }
  class CronV2 extends Component {
    constructor(name: string, args: Args) {
      super("sst.aws.CronV2", name, args);
    }
  }
  const plain = (type: string) =>
    class extends Component {
      constructor(name: string, args?: Args) {
        super(type, name, args);
      }
    };

  g.sst = {
    Secret,
    aws: { Dynamo, Function: Fn, ApiGatewayV2, Queue, CronV2 },
  };
  g.aws = {
    sns: { Topic: plain("aws.sns.Topic"), TopicSubscription: plain("aws.sns.TopicSubscription") },
    cloudwatch: { MetricAlarm: plain("aws.cloudwatch.MetricAlarm") },
  };
  g.$app = {
    name: "umkm-bandar-lampung",
    stage: options.stage,
    removal: options.stage === "production" ? "retain" : "remove",
    protect: options.stage === "production",
  };
  g.$dev = false;
  g.$interpolate = (strings: TemplateStringsArray, ...values: unknown[]) => String.raw(strings, ...values);
  g.$cli = { paths: { root: options.root }, stage: options.stage };
  g.$config = (config: unknown) => config;

  const byName = (name: string) => {
    const found = resources.find((r) => r.name === name);
    if (!found) throw new Error(`no component named ${name}`);
    return found;
  };

  return {
    resources,
    routes,
    subscriptions,
    byName,
    ofType: (type) => resources.filter((r) => r.type === type),
    nameOf: (instance) => resources.find((r) => r.instance === instance)?.name,
    functionDefinitions() {
      const defs: { owner: string; args: Args }[] = [];
      for (const r of resources) {
        if (r.type === "sst.aws.Function") defs.push({ owner: r.name, args: r.args });
        if (r.type === "sst.aws.CronV2") defs.push({ owner: r.name, args: r.args.function as Args });
      }
      for (const s of subscriptions)
        defs.push({ owner: `${s.queue} subscriber`, args: s.subscriber as Args });
      return defs;
    },
    routeFunction(route) {
      if (typeof route.handler === "string") {
        const owner = arnOwner.get(route.handler);
        if (!owner) throw new Error(`${route.route}: handler ${route.handler} is not a Function of this app`);
        return { owner: owner.name, args: owner.args };
      }
      return { owner: route.route, args: route.handler as Args };
    },
    restore() {
      for (const [key, value] of saved) {
        if (value === undefined) delete g[key];
        else g[key] = value;
      }
    },
  };
}

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]; // SST's lookup order

/**
 * Problems with an SST handler reference like "functions/telegram.handler": the file must exist
 * under `root` and its source must export that name. The file is read, never imported.
 */
export function handlerProblems(root: string, handler: unknown): string[] {
  if (typeof handler !== "string") return [`handler is not a string: ${String(handler)}`];
  const dot = handler.lastIndexOf(".");
  if (dot <= 0) return [`handler must look like path/file.export: ${handler}`];
  const base = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);
  const file = EXTENSIONS.map((ext) => join(root, base + ext)).find((candidate) => existsSync(candidate));
  if (!file) return [`handler file not found: ${base}{${EXTENSIONS.join(",")}} (from "${handler}")`];
  const source = readFileSync(file, "utf8");
  const name = exportName.replace(/[$]/g, "\\$");
  const exported = [
    new RegExp(`export\\s+(const|let|var)\\s+${name}\\b`),
    new RegExp(`export\\s+(async\\s+)?function\\s*\\*?\\s*${name}\\b`),
    new RegExp(`export\\s*\\{[^}]*\\b(${name}|as\\s+${name})\\b[^}]*\\}`),
  ].some((re) => re.test(source));
  return exported ? [] : [`${file} does not export "${exportName}"`];
}

/** "60 seconds" / "6 minutes" / "1 hour" -> seconds. */
export function durationSeconds(value: unknown): number {
  const match = /^(\d+(?:\.\d+)?) (second|minute|hour|day)s?$/.exec(String(value));
  if (!match) throw new Error(`not an SST duration: ${String(value)}`);
  const unit = { second: 1, minute: 60, hour: 3600, day: 86400 }[match[2] as "second"];
  return Number(match[1]) * unit;
}
