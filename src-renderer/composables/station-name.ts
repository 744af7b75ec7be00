/** Station names as people read them. */
import { useStationsStore } from '../stores/stations';

/** A function from a station id to its name (the id itself for a station not known). */
export function useStationName(): (id: string) => string {
  const stations = useStationsStore();
  return (id) => stations.byId.get(id)?.name ?? id;
}
