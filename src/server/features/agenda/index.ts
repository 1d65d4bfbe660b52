import type { Feature } from '../../feature.ts';
import { agendaRoutes } from './agenda.routes.ts';

export const agendaFeature: Feature = { name: 'agenda', routes: agendaRoutes };
export { agenda } from './agenda.service.ts';
