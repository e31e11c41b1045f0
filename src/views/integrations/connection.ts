// The stored configuration and token of a service, as the clients take it; the HTTP timeout from the settings.
import type { ServiceConnection } from '../../core/integrations/http';
import type { IntegrationService } from '../../core/model/credential';
import type { Services } from '../workbench/services';

export async function connectionFor(services: Services, service: IntegrationService): Promise<{ connection: ServiceConnection; spaceKey: string | null; projectName: string | null }> {
  const stored = await (await services.store()).integrations.connection(service);
  return {
    connection: { service, baseUrl: stored.baseUrl, username: stored.username, token: stored.token },
    spaceKey: stored.spaceKey,
    projectName: stored.projectName,
  };
}
