package store

import "context"

// Exec runs a statement through the store's dialect layer, for the external
// tests of this package.
func (d *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := d.h.ExecContext(ctx, query, args...)
	return err
}
