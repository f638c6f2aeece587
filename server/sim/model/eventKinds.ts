/** Calendar event kinds (the `kind` integer of a calendar entry). */
export const EV_ARRIVAL = 0; // target: source station
export const EV_SEGMENT_END = 1; // target: unit; token: phaseToken
export const EV_FAIL = 2; // target: unit; token: failToken (calendar-basis failures)
export const EV_REPAIR = 3; // target: unit; token: repairToken
export const EV_CONVEYOR_READY = 4; // target: conveyor station; token: readyToken
export const EV_SHIFT = 5; // target: 1 = line starts, 0 = line stops
export const EV_WEAR = 6; // target: unit; token: care.wearToken (calendar-basis wear stage ends)
export const EV_READING = 7; // target: unit; token: care.readingToken (condition signal readings)
export const EV_SERVICE = 8; // target: unit; token: care.serviceToken (a planned service starts)
export const EV_STANDBY = 9; // target: unit; token: sleepToken (starved long enough: standby)
