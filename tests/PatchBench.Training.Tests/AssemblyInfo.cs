// Training takes every core it is given and the tests compare weights and timings-free outputs: running them one at a
// time keeps each test's training from starving another's on this 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
