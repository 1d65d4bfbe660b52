/** Steward's mark: an S on the primary colour. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="var(--mantine-primary-color-filled)" />
      <path
        d="M21.5 10.5c-1.2-1.3-3-2-5.2-2-3.3 0-5.6 1.8-5.6 4.4 0 2.5 1.9 3.5 5 4.2 2.4.5 3.3 1 3.3 2.1 0 1.1-1.1 1.9-2.9 1.9-1.9 0-3.4-.8-4.4-2.1l-2 2c1.4 1.7 3.6 2.6 6.3 2.6 3.6 0 6-1.9 6-4.6 0-2.6-1.9-3.6-5.2-4.3-2.3-.5-3.1-.9-3.1-1.9 0-1 1-1.6 2.5-1.6 1.5 0 2.7.6 3.5 1.5z"
        fill="#fff"
      />
    </svg>
  );
}
