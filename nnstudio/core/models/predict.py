"""What a model outputs for raw inputs: values for regression, class probabilities otherwise."""

from __future__ import annotations

import numpy as np
import torch

from nnstudio.core.models import fast_forward

EVAL_CHUNK = 8192  # rows per forward pass when evaluating or predicting (bounds the memory)


@torch.no_grad()
def predict(model, x, task: str, device, transform=None, train_mode: bool = False) -> np.ndarray:
    """Outputs of ``model`` for numpy inputs (see :meth:`Trainer.predict`). ``train_mode``
    keeps dropout on, to show what the network computes while it trains (lesson 22)."""
    if transform is None and not train_mode:
        fast = fast_forward.predict(model, x, task, device)
        if fast is not None:
            return fast
    was_training = model.training
    model.train(train_mode)
    inputs = torch.as_tensor(x).to(device)
    outputs = []
    for start in range(0, len(inputs), EVAL_CHUNK):
        chunk = inputs[start : start + EVAL_CHUNK]
        if transform is not None:
            chunk = transform(chunk)
        outputs.append(model(chunk))
    model.train(was_training)
    output = torch.cat(outputs) if outputs else torch.zeros(0, 1, device=device)
    if task == "binary":
        positive = torch.sigmoid(output.squeeze(-1))
        output = torch.stack([1 - positive, positive], dim=1)
    elif task == "multiclass":
        output = torch.softmax(output, dim=1)
    return output.float().cpu().numpy()
