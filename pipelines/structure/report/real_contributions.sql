-- real_contributions: how many rows of contributions_to_growth have a real
-- contribution (one row, column n); none means the inputs have no
-- grp_volume_index, and the dataset description says the contributions are
-- nominal only.
SELECT count(*)::INTEGER AS n FROM contributions_to_growth WHERE contribution_real_pp IS NOT NULL
