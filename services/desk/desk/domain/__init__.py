"""Pure rules of the front desk's registers: keys, parcels, phone messages, items held. No I/O, no database,
no web framework, no clock (every time is passed in)."""
