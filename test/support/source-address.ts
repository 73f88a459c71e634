import { Agent, fetch as undiciFetch } from 'undici';

/**
 * Loopback has a whole /8: a client bound to 127.0.0.N looks, to nginx, like another machine.
 * The gateway keeps sessions sticky by client address, so this is how one test process plays
 * many devices that land on different instances.
 */
export function loopbackAddress(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 250 * 250) throw new Error(`no loopback address #${n}`);
  return `127.0.${Math.floor(n / 250)}.${(n % 250) + 2}`;
}

const agents = new Map<string, Agent>();

/** A fetch whose connections leave from `address`. */
export function fetchFrom(address: string): typeof fetch {
  let agent = agents.get(address);
  if (!agent) {
    agent = new Agent({ localAddress: address });
    agents.set(address, agent);
  }
  const dispatcher = agent;
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as string, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

export async function closeSourceAgents(): Promise<void> {
  await Promise.all([...agents.values()].map((a) => a.close()));
  agents.clear();
}
