/**
 * A container target: starts an image that serves a CTIPS on port 8170 (e.g. the kit's own
 * mock, built from the Dockerfile at the repository root) with testcontainers, and gives its
 * endpoint. Needs a reachable Docker engine; without one it says so (CTIPSKIT_E_LISTEN).
 */
import { KitError } from "../contract/errors.ts";

export interface ContainerTarget {
  endpoint: string;
  /** The mock's control plane, when the image is the kit's mock. */
  controlUrl: string;
  stop(): Promise<void>;
}

/** Why no container can be started here, or undefined when a Docker engine answers. */
export async function dockerUnavailable(): Promise<string | undefined> {
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    await getContainerRuntimeClient();
    return undefined;
  } catch (err) {
    return `no Docker engine is reachable (${(err as Error).message.split("\n")[0]})`;
  }
}

export async function startContainerTarget(
  image: string,
  path = "/Aspect.UnifiedIP.EDK.CTIPortalService",
): Promise<ContainerTarget> {
  const why = await dockerUnavailable();
  if (why) {
    throw new KitError("CTIPSKIT_E_LISTEN", `cannot start the container ${image}: ${why}`, {
      fix: "start a Docker engine (DOCKER_HOST), or run the image yourself and pass --target URL",
    });
  }
  const { GenericContainer, Wait } = await import("testcontainers");
  const container = await new GenericContainer(image)
    .withExposedPorts(8170)
    .withWaitStrategy(Wait.forLogMessage(/listening/))
    .start();
  const base = `http://${container.getHost()}:${container.getMappedPort(8170)}`;
  return {
    endpoint: `${base}${path}`,
    controlUrl: `${base}/control`,
    stop: async () => {
      await container.stop();
    },
  };
}
