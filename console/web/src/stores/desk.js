import { defineStore } from 'pinia'
import { onMounted, onUnmounted } from 'vue'
import { get } from '../api.js'
import { deskRegister } from '../desk.js'
import { useLive } from './live.js'

const UNIT_PAGES = 50 // 10,000 units: more than any one project has

// The project's units (for the unit type-ahead of every desk form) and buildings (a notice's audience), fetched
// once per page load from identity.
export const useDesk = defineStore('desk', {
  state: () => ({ units: [], unitsLoaded: false, buildings: [], buildingsLoaded: false }),
  actions: {
    async loadBuildings() {
      if (this.buildingsLoaded) return
      const answer = await get('/api/identity/buildings', { page_size: 200 }) // a project has tens, not hundreds
      this.buildings = answer.items.map((building) => ({ code: building.code, name: building.name || building.code }))
      this.buildingsLoaded = true
    },
    async loadUnits() {
      if (this.unitsLoaded) return
      const units = []
      for (let page = 1; page <= UNIT_PAGES; page += 1) {
        const answer = await get('/api/identity/units', { page, page_size: 200 })
        units.push(...answer.items.map((unit) => unit.unit_id))
        if (units.length >= answer.total || !answer.items.length) break
      }
      this.units = units
      this.unitsLoaded = true
    },
  },
})

/**
 * A desk screen's list kept current without polling: `reload` runs on every event of its register (desk's own
 * events and the console's pings of changes made at another desk) and after the stream reconnects.
 */
export function onDeskChange(register, reload) {
  const live = useLive()
  let unsubscribe
  onMounted(() => { unsubscribe = live.on((event) => { if (deskRegister(event) === register) reload(event) }, reload) })
  onUnmounted(() => unsubscribe?.())
}
