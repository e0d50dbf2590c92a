/**
 * What every route plugin needs registered before it: the view engine and body parsers (`web`),
 * the access hook that refuses a route without declared access (`access-control`) and the
 * error pages (`error-handler`). fastify-plugin checks the order at start-up.
 */
export const ROUTE_DEPENDENCIES = ['web', 'access-control', 'error-handler'];

/** A route plugin's options: only the services it uses (a `Pick` of `AppServices`). */
export interface RouteOptions<Services> {
  readonly services: Services;
}
