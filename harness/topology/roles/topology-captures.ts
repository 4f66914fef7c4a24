import type { PacketCaptureSettings } from "../../capture/capture-settings.js";
import type { ScenarioHosts } from "../scenario.js";
import type { TopologySite } from "../topology-site.js";
import { PacketCapture, type StartedPacketCapture } from "./packet-capture.js";

/**
 * Captures what a scenario built: the agents' host (the client's side) and both sides of each
 * gateway (named after the gateway's role: gateway, client-gateway, firewall), with the agents'
 * TLS key log beside them. The site copies them out before it removes anything.
 */
export async function startCaptures(
  site: TopologySite,
  built: ScenarioHosts,
  settings: PacketCaptureSettings,
): Promise<StartedPacketCapture> {
  const capture = new PacketCapture(site, settings)
    .of(built.agents.container, "agents")
    .withKeyLogFrom(built.agents.container);
  for (const gateway of built.gateways) capture.of(gateway.container);
  const started = await capture.start();
  site.beforeTeardown(() => started.collect());
  return started;
}
