"""The HR connector's former module: `HrCsv` (kind "hr_csv") now lives in `connectors.hr`."""

from connectors.hr import Hr, HrCsv

__all__ = ["Hr", "HrCsv"]
